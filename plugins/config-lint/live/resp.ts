import { connect, type Socket } from 'node:net'

export type RespValue = string | number | null | RespValue[] | RespError

export class RespError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RespError'
  }
}

/**
 * A minimal Redis client speaking RESP2 over a socket: commands in order, one reply each. Enough for
 * AUTH, CONFIG GET and INFO; no pipelining across callers, no pub/sub.
 */
export class RespClient {
  private buffer = Buffer.alloc(0)
  private waiting: { resolve: (v: RespValue) => void; reject: (e: Error) => void }[] = []
  private closedError: Error | undefined

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk])
      this.drain()
    })
    const fail = (error: Error) => {
      this.closedError ??= error
      for (const w of this.waiting.splice(0)) w.reject(error)
    }
    socket.on('error', fail)
    socket.on('close', () => fail(new Error('connection closed')))
  }

  static connect(host: string, port: number, timeoutMs: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port })
      const timer = setTimeout(() => {
        socket.destroy()
        reject(new Error(`no connection within ${timeoutMs} ms`))
      }, timeoutMs)
      socket.once('connect', () => {
        clearTimeout(timer)
        resolve(new RespClient(socket, timeoutMs))
      })
      socket.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
    })
  }

  command(...args: string[]): Promise<RespValue> {
    if (this.closedError) return Promise.reject(this.closedError)
    const payload = `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply to ${args[0]} within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      )
      this.waiting.push({
        resolve: (v) => {
          clearTimeout(timer)
          resolve(v)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      this.socket.write(payload)
    })
  }

  close(): void {
    this.socket.destroy()
  }

  private drain(): void {
    while (this.waiting.length > 0) {
      const parsed = parseReply(this.buffer, 0)
      if (!parsed) return
      this.buffer = this.buffer.subarray(parsed.end)
      this.waiting.shift()!.resolve(parsed.value)
    }
  }
}

/** One RESP2 reply starting at `offset`, or undefined when the buffer does not hold all of it yet. */
export function parseReply(buffer: Buffer, offset: number): { value: RespValue; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset)
  if (lineEnd < 0) return undefined
  const type = String.fromCharCode(buffer[offset])
  const line = buffer.toString('utf8', offset + 1, lineEnd)
  const next = lineEnd + 2
  switch (type) {
    case '+':
      return { value: line, end: next }
    case '-':
      return { value: new RespError(line), end: next }
    case ':':
      return { value: Number(line), end: next }
    case '$': {
      const length = Number(line)
      if (length < 0) return { value: null, end: next }
      if (buffer.length < next + length + 2) return undefined
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 }
    }
    case '*': {
      const count = Number(line)
      if (count < 0) return { value: null, end: next }
      const items: RespValue[] = []
      let end = next
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, end)
        if (!item) return undefined
        items.push(item.value)
        end = item.end
      }
      return { value: items, end }
    }
    default:
      throw new RespError(`unexpected reply type "${type}" from the server`)
  }
}
