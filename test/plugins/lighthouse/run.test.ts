import { describe, expect, it } from 'vitest'
import { lighthouseOptionsSchema } from '../../../plugins/lighthouse/options.js'
import { lighthouseFlags, METRIC_AUDITS } from '../../../plugins/lighthouse/run.js'

describe('lighthouseFlags', () => {
  const options = lighthouseOptionsSchema.parse({ staticDistDir: 'dist' })

  it('runs the categories, with the full-page screenshot, in a run that writes the reports', () => {
    const flags = lighthouseFlags(9222, options)
    expect(flags).toMatchObject({ port: 9222, output: ['json', 'html'], onlyCategories: options.categories })
    expect(flags).not.toHaveProperty('onlyAudits')
    expect(flags).not.toHaveProperty('disableFullPageScreenshot')
  })

  it('runs only the metrics’ audits, without the screenshot, in a metrics-only A/B round', () => {
    const flags = lighthouseFlags(9222, options, true)
    expect(flags).toMatchObject({
      output: ['json'],
      onlyAudits: METRIC_AUDITS,
      disableFullPageScreenshot: true,
    })
    expect(flags).not.toHaveProperty('onlyCategories')
  })
})
