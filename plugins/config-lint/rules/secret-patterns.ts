/**
 * Credential patterns, adapted from gitleaks' default rules (github.com/gitleaks/gitleaks,
 * config/gitleaks.toml, MIT): an id, a regex whose group 1 is the secret, and keywords that must appear
 * on the line first (gitleaks' prefilter, which keeps this fast).
 */
export interface SecretPattern {
  id: string
  title: string
  regex: RegExp
  keywords: string[]
  /** The secret is the whole URL (webhooks): placeholders in the path do not make it safe to commit. */
  literalOnly?: boolean
  /**
   * For `key: value` patterns: the regex (global) captures the key as group 1 and the value as group 2,
   * and the key must match this. Two simple steps instead of one regex that backtracks on long lines.
   */
  keyName?: RegExp
}

export const SECRET_PATTERNS: SecretPattern[] = [
  {
    id: 'slack-webhook-url',
    title: 'Slack webhook URL',
    regex: /(https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{6,})/,
    keywords: ['hooks.slack.com'],
    literalOnly: true,
  },
  { id: 'slack-token', title: 'Slack token', regex: /\b(xox[abposr]-[0-9A-Za-z-]{10,})/, keywords: ['xox'] },
  {
    id: 'aws-access-key',
    title: 'AWS access key id',
    regex: /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/,
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
  },
  {
    id: 'github-token',
    title: 'GitHub token',
    regex: /\b((?:ghp|gho|ghu|ghs|ghr)_[0-9a-zA-Z]{36}|github_pat_\w{82})\b/,
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  },
  { id: 'gitlab-token', title: 'GitLab token', regex: /\b(glpat-[\w-]{20})\b/, keywords: ['glpat-'] },
  {
    id: 'stripe-key',
    title: 'Stripe secret key',
    regex: /\b((?:sk|rk)_(?:live|test)_[0-9a-zA-Z]{10,99})\b/,
    keywords: ['sk_live', 'sk_test', 'rk_live', 'rk_test'],
  },
  { id: 'google-api-key', title: 'Google API key', regex: /\b(AIza[\w-]{35})\b/, keywords: ['aiza'] },
  { id: 'npm-token', title: 'npm token', regex: /\b(npm_[a-zA-Z0-9]{36})\b/, keywords: ['npm_'] },
  {
    id: 'sendgrid-key',
    title: 'SendGrid API key',
    regex: /\b(SG\.[\w-]{22}\.[\w-]{43})\b/,
    keywords: ['sg.'],
  },
  {
    id: 'private-key',
    title: 'private key',
    regex: /(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)/,
    keywords: ['private key'],
  },
  {
    id: 'url-credentials',
    title: 'password in a URL',
    regex: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/'"]{1,64}:([^\s@/'"]{3,128})@[^\s'"]+/i,
    keywords: ['://'],
  },
  {
    id: 'redis-password',
    title: 'Redis password',
    regex: /^\s*(?:requirepass|masterauth)\s+["']?([^\s"']+)/i,
    keywords: ['requirepass', 'masterauth'],
  },
  {
    id: 'generic-credential',
    title: 'credential',
    // `password: x`, `"api_key": "x"`, `SECRET_TOKEN=x`.
    regex: /(?<![\w.-])["']?([\w.-]{1,80})["']?\s*[:=]\s*["']?([^\s"',#}]{6,})/g,
    keyName:
      /(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key)$/i,
    keywords: ['pass', 'pwd', 'secret', 'token', 'key'],
  },
]

/** Any pattern's keyword: lines without one are skipped at once (most lines of a config). */
export const ANY_KEYWORD = new RegExp(
  [...new Set(SECRET_PATTERNS.flatMap((p) => p.keywords))]
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'gi',
)

/** `${VAR}`, `${{ secrets.X }}`, `{{ .Values.x }}`, `<your-token>`, `%(x)s`, `$VAR`, env lookups, masks. */
const PLACEHOLDER =
  /^(\$\{\{?[^}]*\}?\}|\$\{[^}]*\}|\{\{[^}]*\}\}|<[^>]*>|%\([^)]*\)s?|\$[A-Z_][A-Z0-9_]*|env[:(.[].*|process\.env.*|\*+|x{3,}|\.{3,}|null|none|true|false|undefined|redacted|changeme_in_env)$/i

/**
 * Names, not secrets: `NextToken`, `next_token`, `accessToken`, `string`, `password` — a value made only
 * of letters in word shapes (gitleaks' generic rule filters these by entropy; a word shape is plainer).
 */
export function isIdentifierLike(value: string): boolean {
  return (
    /^([A-Z][a-z]+){2,}$/.test(value) || // PascalCase
    /^[a-z]+([A-Z][a-z]+)+$/.test(value) || // camelCase
    /^[a-z]+([_-][a-z]+)+$/.test(value) || // snake_case, kebab-case
    /^[A-Z]+(_[A-Z]+)+$/.test(value) || // SCREAMING_SNAKE
    /^(string|integer|number|boolean|object|array|required|optional|secret|password|passwd|token|changeme)$/i.test(
      value,
    ) ||
    /^([a-z0-9-]+\/){2,}[a-z0-9-]+$/.test(value) || // a reference: projects/p/secrets/s
    /^\{[^}]*\}?$/.test(value) // a template: {name} (the value stops before a closing brace)
  )
}

export function isPlaceholder(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '')
  return (
    v === '' || /^\d+$/.test(v) || PLACEHOLDER.test(v) || /^\$\{/.test(v) || /\$\{\{?\s*secrets\./.test(v)
  )
}

/** A secret shown in a finding: its first 4 characters, never the rest. */
export function redactSecret(secret: string): string {
  const url = /^(https?:\/\/[^/]+\/[^/]+\/)/.exec(secret)
  if (url) return `${url[1]}…(${secret.length} chars)`
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 3)))}…(${secret.length} chars)`
}
