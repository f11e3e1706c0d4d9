/** One line of `perfgate doctor`. */
export interface CheckResult {
  /** Short name shown in the first column: `git`, `remote`, `chrome`, … */
  name: string
  /** ok: ready; warn: works, but worth knowing; fail: a run will not work until fixed; skip: not checked. */
  status: 'ok' | 'warn' | 'fail' | 'skip'
  /** What was found (ok) or what is wrong (warn/fail). One line. */
  message: string
  /** How to fix it (warn/fail). One line. */
  fix?: string
  /** A failure of the config itself (exit 2 rather than 3). */
  config?: boolean
}
