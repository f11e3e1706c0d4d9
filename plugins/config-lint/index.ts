export type { ConfigLintOptions } from './options.js'
export { configLintPlugin } from './plugin.js'
export { defineRule, type LintRule, type LintRuleMeta, type RuleContext, type RuleVisitors } from './rule.js'
export { BUILTIN_RULES } from './rules/index.js'
export {
  type ExpectedError,
  type InvalidRuleTestCase,
  lintCase,
  type RuleTestCase,
  RuleTester,
} from './tester.js'
