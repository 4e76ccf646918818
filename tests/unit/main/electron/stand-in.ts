/**
 * Runs the built Electron main bundle under Node with the stand-in `electron` module
 * (stand-in/electron.mjs) and talks to it the way the renderer and the user would: IPC calls,
 * events, the open dialog, quit. See stand-in/electron.mjs for the message protocol.
 */
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const REGISTER = path.join(import.meta.dirname, 'stand-in', 'register.mjs')

export type StandInMessage =
  | { type: 'window'; file?: string; url?: string; webPreferences: Record<string, unknown> }
  | { type: 'reply'; id: number; value?: unknown; missing?: true; thrown?: string }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'error-box'; title: string; message: string }
  | { type: 'clone-failure'; where: string; message: string }
  | { type: 'quit-done' }

export type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }

export interface StandInOptions {
  /** The built bundle: …/out/main/index.js. */
  mainFile: string
  /** The working directory, deliberately not the project. */
  cwd: string
  env: Record<string, string>
  argv?: string[]
}

export class StandInElectron {
  readonly messages: StandInMessage[] = []
  readonly output: string[] = []
  readonly exited: Promise<number | null>
  private readonly child: ChildProcess
  private nextId = 1
  private waiters: (() => void)[] = []
  private listeners = new Set<(message: StandInMessage) => void>()

  constructor(options: StandInOptions) {
    // Nothing from the test's own environment that would point the app at the project.
    const { TUNESMITH_ENGINE_ADDON: _addon, TUNESMITH_ENGINE: _engine, TUNESMITH_LIBRARY: _library, ...inherited } = process.env
    this.child = fork(options.mainFile, options.argv ?? [], {
      cwd: options.cwd,
      execArgv: ['--import', REGISTER],
      env: { ...inherited, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    const keep = (chunk: Buffer): void => void this.output.push(chunk.toString())
    this.child.stdout?.on('data', keep)
    this.child.stderr?.on('data', keep)
    this.child.on('message', (message: StandInMessage) => {
      this.messages.push(message)
      for (const listener of this.listeners) listener(message)
      for (const wake of this.waiters.splice(0)) wake()
    })
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)))
  }

  /** Resolves with the first message (past or future) that `match` accepts. */
  async waitFor<M extends StandInMessage>(match: (m: StandInMessage) => m is M, timeoutMs: number, what: string): Promise<M>
  async waitFor(match: (m: StandInMessage) => boolean, timeoutMs: number, what: string): Promise<StandInMessage>
  async waitFor(match: (m: StandInMessage) => boolean, timeoutMs: number, what: string): Promise<StandInMessage> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.messages.find(match)
      if (found) return found
      if (this.child.exitCode !== null) throw new Error(`main exited (${this.child.exitCode}) before ${what}:\n${this.log()}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`timed out waiting for ${what}:\n${this.log()}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000))
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Calls an ipcMain handler as the page would (`trusted`: from our renderer's frame). */
  async invoke(channel: string, input: unknown, { trusted = true, timeoutMs = 60_000 } = {}): Promise<Envelope> {
    const id = this.nextId++
    this.child.send({ type: 'invoke', id, channel, input, trusted })
    const reply = await this.waitFor((m): m is Extract<StandInMessage, { type: 'reply' }> => m.type === 'reply' && m.id === id, timeoutMs, `the reply to ${channel}`)
    if (reply.missing) throw new Error(`no ipcMain handler for ${channel}`)
    if (reply.thrown !== undefined) throw new Error(`${channel} threw across IPC: ${reply.thrown}`)
    return reply.value as Envelope
  }

  /** The value of a successful call; a failed one throws with its message. */
  async call<T>(channel: string, input: unknown, timeoutMs?: number): Promise<T> {
    const envelope = await this.invoke(channel, input, { timeoutMs })
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code}: ${envelope.error.message}`)
    return envelope.value as T
  }

  /** Hears every message from now on; returns the function that stops listening. */
  onMessage(listener: (message: StandInMessage) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  answerNextDialog(filePaths: string[]): void {
    this.child.send({ type: 'dialog', filePaths })
  }

  events(name: string): unknown[] {
    return this.messages.filter((m): m is Extract<StandInMessage, { type: 'event' }> => m.type === 'event' && m.name === name).map((m) => m.payload)
  }

  quit(): void {
    if (this.child.connected) this.child.send({ type: 'quit' })
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL')
  }

  log(): string {
    return this.output.join('').slice(-4000)
  }
}
