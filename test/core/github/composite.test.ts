import { describe, expect, it } from 'vitest'
import { evaluate } from './composite.js'

// The stand-in runner decides which of action.yml's steps run: its expressions must mean what GitHub's do.
describe('the composite runner’s expression evaluator', () => {
  const context = {
    steps: { run: { outputs: { code: '2', report: '/x/report.json' } } },
    inputs: { a: 'true' },
  }

  it('compares loosely, as GitHub does: a missing output equals the empty string, numbers coerce', () => {
    expect(evaluate("steps.run.outputs.missing != ''", context)).toBe(false)
    expect(evaluate("steps.nope.outputs.x == ''", context)).toBe(true)
    expect(evaluate("steps.run.outputs.report != ''", context)).toBe(true)
    expect(evaluate("steps.run.outputs.code != '2'", context)).toBe(false)
    expect(evaluate('steps.run.outputs.code == 2', context)).toBe(true)
    expect(evaluate("inputs.a == 'TRUE'", context)).toBe(true)
    expect(evaluate('steps.run.outputs.report == 0', context)).toBe(false)
  })

  it('refuses what it does not understand instead of guessing', () => {
    expect(() => evaluate("contains(inputs.a, 'x')", context)).toThrow(/not supported/)
    expect(() => evaluate('matrix.leg', context)).toThrow(/unknown context/)
  })
})
