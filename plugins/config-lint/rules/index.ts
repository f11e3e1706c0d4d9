import type { AnyLintRule } from '../rule.js'
import { cacheDirectiveValidity } from './cache-directive-validity.js'
import { cacheHashedImmutable } from './cache-hashed-immutable.js'
import { cacheHtmlShortTtl } from './cache-html-short-ttl.js'
import { logAlertRules } from './log-alert-rules.js'
import { logProdLevel } from './log-prod-level.js'
import { logRedactCoverage } from './log-redact-coverage.js'
import { logRetention } from './log-retention.js'
import { nginxAddHeaderRedefinition } from './nginx-add-header-redefinition.js'
import { PARSE_ERROR } from './parse-error.js'
import { redisExposedNoAuth } from './redis-exposed-no-auth.js'
import { redisMemoryPolicy } from './redis-memory-policy.js'
import { redisPersistenceRole } from './redis-persistence-role.js'
import { REDIS_UNREACHABLE, URL_UNREACHABLE } from './redis-unreachable.js'
import { redisUnsafeCommands } from './redis-unsafe-commands.js'
import { resilienceBreakerThresholds } from './resilience-breaker-thresholds.js'
import { resilienceDeadlineBudget } from './resilience-deadline-budget.js'
import { resilienceMissingTimeout } from './resilience-missing-timeout.js'
import { resilienceRetryShape } from './resilience-retry-shape.js'
import { secretsInConfig } from './secrets-in-config.js'

/** Every built-in rule, by id. */
export const BUILTIN_RULES: Record<string, AnyLintRule> = Object.fromEntries(
  [
    PARSE_ERROR,
    cacheHtmlShortTtl,
    cacheHashedImmutable,
    cacheDirectiveValidity,
    nginxAddHeaderRedefinition,
    redisExposedNoAuth,
    redisMemoryPolicy,
    redisUnsafeCommands,
    redisPersistenceRole,
    REDIS_UNREACHABLE,
    URL_UNREACHABLE,
    logProdLevel,
    logRetention,
    logAlertRules,
    logRedactCoverage,
    secretsInConfig,
    resilienceMissingTimeout,
    resilienceRetryShape,
    resilienceBreakerThresholds,
    resilienceDeadlineBudget,
  ].map((rule) => [rule.meta.id, rule]),
)

/** A rule that ships with perfgate (by identity: a custom rule can never pass for one). */
export function isBuiltinRule(rule: AnyLintRule): boolean {
  return BUILTIN_RULES[rule.meta.id] === rule
}
