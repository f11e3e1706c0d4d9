import { defineRule } from '../rule.js'
import { isPlaceholder, redactSecret, SECRET_PATTERNS } from './secret-patterns.js'
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
      text({ path, lines }) {
        lines.forEach((line, index) => {
          if (line.length > 4000) return // minified data, not config
          const lower = line.toLowerCase()
          const comment = COMMENT_LINE.test(line)
          for (const pattern of SECRET_PATTERNS) {
            if (!pattern.keywords.some((k) => lower.includes(k))) continue
            // A commented-out example (`# requirepass foobared`) is documentation, except for real token formats.
            if (comment && (pattern.id === 'generic-credential' || pattern.id === 'redis-password')) continue
            const match = pattern.regex.exec(line)
            if (!match) continue
            const secret = match[1]
            if (!pattern.literalOnly && isPlaceholder(secret)) continue
            if (
              pattern.literalOnly &&
              /\$\{|\{\{/.test(line.slice(match.index, match.index + match[0].length))
            )
              continue
            const start = line.indexOf(secret, match.index)
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
        })
      },
    }
  },
})
