import { defineRule } from '../rule.js'
import {
  ANY_KEYWORD,
  isIdentifierLike,
  isPlaceholder,
  redactSecret,
  SECRET_PATTERNS,
  type SecretPattern,
} from './secret-patterns.js'
import { ruleDocs } from './util.js'

const COMMENT_LINE = /^\s*(#|\/\/|;)/

/**
 * Credentials written into a config file (gitleaks' rule style: keywords, regex, placeholders allowed).
 * The original system's own `webhook_url: "https://hooks.slack.com/services/…"` is the first case.
 */
export const secretsInConfig = defineRule({
  meta: {
    id: 'secrets/in-config',
    docs: {
      description: 'Credentials (tokens, keys, passwords, webhook URLs) written into a config file.',
      url: ruleDocs('secrets/in-config'),
    },
    messages: {
      secret:
        'A {{title}} is written in this file ({{redacted}}): anyone who can read the repository can use it. Read it from the environment (${{{env}}}) or a secret store, and rotate it.',
    },
    defaultLevel: 'error',
  },
  create(ctx) {
    return {
      text({ path, text, lines }) {
        for (const index of linesWithKeywords(text)) {
          const line = lines[index]
          if (line.length > 4000) continue // minified data, not config
          const lower = line.toLowerCase()
          const comment = COMMENT_LINE.test(line)
          for (const pattern of SECRET_PATTERNS) {
            if (!pattern.keywords.some((k) => lower.includes(k))) continue
            // A commented-out example (`# requirepass foobared`) is documentation, except for real token formats.
            if (comment && (pattern.id === 'generic-credential' || pattern.id === 'redis-password')) continue
            const match = matchOf(pattern, line)
            if (!match) continue
            const secret = match.secret
            if (!pattern.literalOnly && (isPlaceholder(secret) || isIdentifierLike(secret))) continue
            if (pattern.literalOnly && /\$\{|\{\{/.test(line.slice(match.index, match.index + match.length)))
              continue
            const start = line.indexOf(secret, match.index + (match.keyLength ?? 0))
            ctx.report({
              messageId: 'secret',
              loc: {
                file: path,
                line: index + 1,
                column: start + 1,
                endLine: index + 1,
                endColumn: start + secret.length + 1,
              },
              data: {
                title: pattern.title,
                redacted: redactSecret(secret),
                env: pattern.id === 'slack-webhook-url' ? 'SLACK_WEBHOOK_URL' : 'SECRET',
              },
            })
            break // one finding per line
          }
        }
      },
    }
  },
})

/** Indexes of the lines holding any keyword: one scan of the text instead of a test per line. */
function linesWithKeywords(text: string): number[] {
  const out: number[] = []
  let line = 0
  let scanned = 0
  let last = -1
  for (const m of text.matchAll(ANY_KEYWORD)) {
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) {
      line++
      scanned = i + 1
    }
    if (line !== last) out.push(line)
    last = line
  }
  return out
}

/** The secret a pattern finds on a line: its value, where the match starts and how long it is. */
function matchOf(
  pattern: SecretPattern,
  line: string,
): { secret: string; index: number; length: number; keyLength?: number } | undefined {
  if (!pattern.keyName) {
    const m = pattern.regex.exec(line)
    return m ? { secret: m[1], index: m.index, length: m[0].length } : undefined
  }
  for (const m of line.matchAll(pattern.regex))
    if (pattern.keyName.test(m[1]) && !isPlaceholder(m[2]) && !isIdentifierLike(m[2]))
      return { secret: m[2], index: m.index, length: m[0].length, keyLength: m[1].length }
  return undefined
}
