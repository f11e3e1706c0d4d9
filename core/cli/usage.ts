import type { cac } from 'cac'
import { distance } from 'fastest-levenshtein'

type Cli = ReturnType<typeof cac>
type Command = Cli['commands'][number]

/**
 * Turns cac's terse usage errors into ones that help: the flag in the user's own spelling (cac reports
 * `--save-basline` as `--saveBasline`), the closest valid flag or command, and where it belongs.
 * Loaded only on the error path.
 */
export function explainUsageError(message: string, argv: string[], cli: Cli): string {
  const option = /^Unknown option `(-{1,2})([^`]+)`/.exec(message)
  if (option) return unknownOption(option[1], option[2], argv, cli)
  const command = /^Unknown command "([^"]+)"/.exec(message)
  if (command) return unknownCommand(command[1], cli)
  return message.replace(/\.?$/, '.')
}

function unknownOption(dashes: string, reported: string, argv: string[], cli: Cli): string {
  const typed = typedFlag(dashes, reported, argv)
  const command = cli.matchedCommand
  const own = command ? flagsOf(command) : flagsOf(cli.globalCommand)
  const where = command ? `perfgate ${command.name}` : 'perfgate'
  const near = closest(typed, [...own, ...flagsOf(cli.globalCommand)])
  if (near) return `Unknown option \`${typed}\` for \`${where}\`: did you mean \`${near}\`?`
  // Maybe a flag of another command: `perfgate --save-baseline`, `perfgate compare --only host`.
  for (const other of cli.commands) {
    if (other === command) continue
    const match = closest(typed, flagsOf(other))
    if (match)
      return `Unknown option \`${typed}\` for \`${where}\`: \`${match}\` is an option of \`perfgate ${other.name}\`.`
  }
  return `Unknown option \`${typed}\` for \`${where}\`.`
}

function unknownCommand(name: string, cli: Cli): string {
  const names = cli.commands.map((c) => c.name).filter(Boolean)
  const near = closest(name, names)
  return near
    ? `Unknown command "${name}": did you mean \`perfgate ${near}\`?`
    : `Unknown command "${name}": perfgate's commands are ${names.join(', ')}.`
}

/** The flag as typed on the command line whose camel-cased name cac reported. */
function typedFlag(dashes: string, reported: string, argv: string[]): string {
  if (dashes === '-') return `-${reported}`
  const end = argv.indexOf('--')
  for (const token of end === -1 ? argv : argv.slice(0, end)) {
    if (!token.startsWith('--')) continue
    const name = token.slice(2).split('=')[0]
    if (camelcase(name) === reported || camelcase(name.replace(/^no-/, '')) === reported) return `--${name}`
  }
  return `--${reported}`
}

/** Every spelling of every option of a command: `--config`, `--no-compare`, `-h`, `--help`. */
export function flagsOf(command: Command): string[] {
  return command.options.flatMap((o) => o.rawName.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g) ?? [])
}

/** The candidate nearest to `input` if it is near enough to be a typo (case and dashes ignored). */
export function closest(input: string, candidates: string[]): string | null {
  const norm = (s: string) => s.replace(/^-+/, '').replace(/-/g, '').toLowerCase()
  const wanted = norm(input)
  let best: string | null = null
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    if (candidate.length <= 2) continue // short aliases (-h, -v) are never a useful suggestion
    const d = distance(wanted, norm(candidate))
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  const limit = Math.max(2, Math.floor(wanted.length / 3))
  return best !== null && bestDistance <= limit ? best : null
}

/** cac's own rule: `save-baseline` → `saveBaseline`. */
function camelcase(name: string): string {
  return name.replace(/([a-z])-([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase())
}
