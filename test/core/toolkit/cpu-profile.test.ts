import { describe, expect, it } from 'vitest'
import {
  type CpuProfile,
  profileBreakdown,
  profileStacks,
  selfTimeByFunction,
  summarizeProfile,
} from '../../../core/toolkit/cpu-profile.js'

const ROOT = '/work/app'
const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber })

/** Nodes: 1 root, 2 idle, 3 checksum, 4 an anonymous callback, 5 a Node internal, 6 GC, 7 a file outside. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '', -1) },
    { id: 2, callFrame: frame('(idle)', '', -1) },
    { id: 3, callFrame: frame('checksum', 'file:///work/app/lib/work.ts', 6) },
    { id: 4, callFrame: frame('', 'file:///work/app/lib/work.ts', 20) },
    { id: 5, callFrame: frame('readFileSync', 'node:fs', 400) },
    { id: 6, callFrame: frame('(garbage collector)', '', -1) },
    { id: 7, callFrame: frame('helper', 'file:///elsewhere/lib.js', 0) },
  ],
  // A sample lasts until the next one: each delta belongs to the sample before it.
  samples: [3, 3, 2, 4, 5, 6, 7, 3],
  timeDeltas: [0, 100, 200, 5000, 300, 50, 25, 10],
}

describe('selfTimeByFunction', () => {
  it('counts each sample until the next, leaves idle out, and names functions by name and project path', () => {
    expect(selfTimeByFunction(profile, ROOT)).toEqual([
      { key: 'checksum lib/work.ts', name: 'checksum', location: 'lib/work.ts:7', selfMicros: 300 },
      {
        key: '(anonymous):21 lib/work.ts',
        name: '(anonymous):21',
        location: 'lib/work.ts:21',
        selfMicros: 300,
      },
      { key: 'readFileSync node:fs', name: 'readFileSync', location: 'node:fs:401', selfMicros: 50 },
      { key: '(garbage collector)', name: '(garbage collector)', selfMicros: 25 },
      { key: 'helper /elsewhere/lib.js', name: 'helper', location: '/elsewhere/lib.js:1', selfMicros: 10 },
    ])
  })

  it('counts the time of Node and of dependencies on the project function that called them', () => {
    const nested: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '', -1), children: [2, 5] },
        {
          id: 2,
          callFrame: frame('handle', 'file:///work/app/node_modules/router/index.js', 10),
          children: [3],
        },
        { id: 3, callFrame: frame('', 'file:///work/app/src/api.js', 4), children: [4] },
        {
          id: 4,
          callFrame: frame('json', 'file:///work/app/node_modules/express/response.js', 40),
          children: [6],
        },
        { id: 5, callFrame: frame('writev', '', -1) },
        { id: 6, callFrame: frame('stringify', '', -1) },
        { id: 7, callFrame: frame('dispatch', '', -1) },
      ],
      samples: [6, 4, 3, 2, 5, 7, 1],
      timeDeltas: [0, 400, 300, 200, 100, 50, 30, 0],
    }
    expect(selfTimeByFunction(nested, ROOT).map((f) => [f.key, f.location, f.selfMicros])).toEqual([
      ['(anonymous):5 src/api.js', 'src/api.js:5', 900],
      ['handle node_modules/router/index.js', 'node_modules/router/index.js:11', 100],
      ['writev', undefined, 50],
    ])
  })

  it("keys a dependency outside the root by its node_modules path, as inside it (an A/B base's linked modules)", () => {
    const linked: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '', -1), children: [2] },
        { id: 2, callFrame: frame('next', 'file:///work/head/node_modules/router/index.js', 188) },
      ],
      samples: [2, 2],
      timeDeltas: [0, 100, 100],
    }
    expect(selfTimeByFunction(linked, '/tmp/base-checkout')).toEqual([
      {
        key: 'next node_modules/router/index.js',
        name: 'next',
        location: 'node_modules/router/index.js:189',
        selfMicros: 200,
      },
    ])
  })

  it('sums the functions past the cap into one entry', () => {
    const functions = selfTimeByFunction(profile, ROOT, 3)
    expect(functions.map((f) => [f.key, f.selfMicros])).toEqual([
      ['checksum lib/work.ts', 300],
      ['(anonymous):21 lib/work.ts', 300],
      ['(other functions)', 85],
    ])
  })
})

describe('profileBreakdown', () => {
  it("shares a figure out by self time, the function's name shown beside its location", () => {
    const parts = profileBreakdown(selfTimeByFunction(profile, ROOT, 3), 6.85)
    expect(parts.map((p) => [p.key, p.label, p.location, Number(p.value.toFixed(6))])).toEqual([
      ['checksum lib/work.ts', 'checksum', 'lib/work.ts:7', 3],
      ['(anonymous):21 lib/work.ts', '(anonymous):21', 'lib/work.ts:21', 3],
      ['(other functions)', undefined, undefined, 0.85],
    ])
  })

  it('gives no parts for an empty profile', () => {
    expect(profileBreakdown([], 5)).toEqual([])
  })
})

describe('summarizeProfile: time by call stack', () => {
  /** main (project) → route (dependency) → handler (project) → stringify (Node); main → log (project). */
  const stacked: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '', -1), children: [2] },
      { id: 2, callFrame: frame('main', 'file:///work/app/src/main.js', 0), children: [3, 6] },
      { id: 3, callFrame: frame('route', 'file:///work/app/node_modules/router/index.js', 5), children: [4] },
      { id: 4, callFrame: frame('handler', 'file:///work/app/src/api.js', 2), children: [5] },
      { id: 5, callFrame: frame('stringify', '', -1) },
      { id: 6, callFrame: frame('log', 'file:///work/app/src/main.js', 9) },
      { id: 7, callFrame: frame('(idle)', '', -1) },
    ],
    samples: [5, 4, 3, 6, 7, 2],
    timeDeltas: [0, 400, 300, 200, 100, 50, 30],
  }

  it("keeps the project's frames of each stack, outermost first, and charges the time as the functions are", () => {
    const { functions, stacks } = summarizeProfile(stacked, ROOT)
    expect(stacks.map((s) => [s.frames, s.selfMicros])).toEqual([
      [['main src/main.js', 'handler src/api.js'], 700],
      [['main src/main.js'], 230],
      [['main src/main.js', 'log src/main.js'], 100],
    ])
    // The same time as by function: a flame graph and the breakdown add up to one figure.
    const total = (entries: Array<{ selfMicros: number }>) =>
      entries.reduce((sum, e) => sum + e.selfMicros, 0)
    expect(total(stacks)).toBe(total(functions))
    expect(functions[0]).toMatchObject({ key: 'handler src/api.js', selfMicros: 700 })
  })

  it('shares a figure out over the stacks, and sums the stacks past the cap into one', () => {
    const { stacks } = summarizeProfile(stacked, ROOT, 50, 2)
    expect(stacks.map((s) => [s.frames, s.selfMicros])).toEqual([
      [['main src/main.js', 'handler src/api.js'], 700],
      [['(other stacks)'], 330],
    ])
    const parts = profileStacks(stacks, 10.3)
    expect(parts.map((p) => Number(p.value.toFixed(6)))).toEqual([7, 3.3])
    expect(profileStacks([], 5)).toEqual([])
  })
})
