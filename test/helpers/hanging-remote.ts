import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'

/**
 * A git remote that never answers: an ssh command (`core.sshCommand`) that records its pid and sleeps
 * for ten minutes, and an ssh URL for it. Set both on a repository and every fetch or push hangs, as
 * with a firewall that drops packets.
 */
export function hangingSsh(dir: string): { command: string; url: string; pids(): number[] } {
  const command = join(dir, 'hanging-ssh.sh')
  const pidFile = join(dir, 'hanging-ssh.pids')
  writeFileSync(command, `#!/bin/sh\necho $$ >> '${pidFile}'\nexec sleep 600\n`)
  chmodSync(command, 0o755)
  return {
    command,
    url: 'ssh://git@example.invalid/never-answers.git',
    pids: () =>
      existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number) : [],
  }
}

/**
 * A loopback TCP server that accepts connections and never answers (nor closes them) until closed.
 * `requests()`: how many connections sent something (an HTTP client may open one more, unused).
 */
export async function silentServer(): Promise<{
  url: string
  requests(): number
  close(): Promise<void>
}> {
  const sockets: Socket[] = []
  let count = 0
  const server: Server = createServer((socket) => {
    sockets.push(socket)
    socket.once('data', () => count++)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
