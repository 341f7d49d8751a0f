/**
 * Talks to the privileged helper over its stdio: typed `invoke` with the reply checked against the
 * contract, event subscription, and supervision — a helper that dies is reported (`helperStatus`
 * crashed → restarting → ready) and started again. Labs live in the kernel, not in the helper, so a
 * restart loses nothing: the new helper re-reads its ledger.
 *
 * Closing stdin is how we stop the helper: once pkexec has made it root we may not signal it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { EventName, EventOf, NslabApi, Params, Reply, RequestName, ResultOf } from '../../shared/protocol/api';
import { LineDecoder } from '../common/lines';
import { MAX_FRAME_BYTES, checkEvent, checkReply, checkRequest, fail, parseIncoming, requestLine, type Failure } from '../common/wire';
import type { HelperLaunch } from './helper-launch';

export type HelperState = 'stopped' | 'starting' | 'ready' | 'crashed' | 'restarting';

export interface HelperClientOptions {
  launch: HelperLaunch | (() => HelperLaunch);
  /** Per-method reply timeouts, counted from when the helper is ready. */
  timeoutsMs?: Partial<Record<RequestName, number>>;
  /** How long a start may take before we give up (a pkexec password prompt needs a while). */
  startTimeoutMs?: number;
  /** Automatic restarts allowed within `restartWindowMs`; past that we stop until the next request. */
  maxRestarts?: number;
  restartWindowMs?: number;
  restartDelayMs?: number;
  closeGraceMs?: number;
  log?: (line: string) => void;
}

const DEFAULT_TIMEOUTS: Record<RequestName, number> = {
  plan: 60_000,
  planDelta: 60_000,
  apply: 10 * 60_000,
  applyDelta: 10 * 60_000,
  destroy: 5 * 60_000,
  list: 30_000,
  exec: 10_000, // plus the command's own timeoutMs
  examples: 30_000,
  terminalOpen: 30_000,
  terminalInput: 10_000,
  terminalResize: 10_000,
  terminalClose: 30_000,
  checksRun: 5 * 60_000,
  matrix: 5 * 60_000,
  trace: 60_000,
  captureStart: 30_000,
  captureStop: 30_000,
  captureList: 10_000,
  captureRead: 60_000,
  captureWireshark: 60_000,
  watchStart: 60_000,
  watchStop: 30_000,
  watchInterval: 10_000,
  discover: 2 * 60_000,
  adopt: 60_000,
};

interface Pending {
  name: RequestName;
  timeoutMs: number;
  resolve: (r: Reply<unknown>) => void;
  timer?: NodeJS.Timeout;
}

export class HelperClient implements NslabApi {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private restartTimes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private _state: HelperState = 'stopped';
  private readonly log: (line: string) => void;

  constructor(private readonly opts: HelperClientOptions) {
    this.log = opts.log ?? ((l) => process.stderr.write(`${l}\n`));
  }

  get state(): HelperState {
    return this._state;
  }

  /** Start the helper if it is not running. Requests start it too. */
  start(): void {
    if (this.child || this.closing) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const launch = typeof this.opts.launch === 'function' ? this.opts.launch() : this.opts.launch;
    if (this._state !== 'restarting') this.setState('starting');
    const child = spawn(launch.command, launch.args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...launch.env }, shell: false });
    this.child = child;

    const out = new LineDecoder(MAX_FRAME_BYTES, (line) => this.onLine(line), () => this.log('helper-client: dropped an oversized line from the helper'));
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    let errBuf = '';
    child.stderr!.on('data', (c: Buffer) => {
      errBuf += c.toString('utf8');
      const lines = errBuf.split('\n');
      errBuf = lines.pop() ?? '';
      for (const l of lines) if (l) this.log(`[helper] ${l}`);
    });
    // EPIPE on a dead helper's stdin is reported by 'exit'; the error itself says nothing more.
    child.stdin!.on('error', () => {});

    let gone = false;
    const onGone = (how: { code?: number | null; signal?: NodeJS.Signals | null; error?: Error }) => {
      if (gone) return;
      gone = true;
      this.onExit(child, launch, how);
    };
    child.on('error', (error) => onGone({ error }));
    child.on('exit', (code, signal) => onGone({ code, signal }));

    clearTimeout(this.startTimer);
    this.startTimer = setTimeout(() => {
      if (this.child !== child || this._state === 'ready') return;
      this.log('helper-client: the helper did not become ready in time; stopping it');
      this.failAll(fail('helper-unavailable', 'the helper did not start in time (was authorization refused?)'));
      child.stdin!.end();
      try {
        child.kill('SIGTERM');
      } catch {
        // already root (pkexec): closing stdin is the only lever we have
      }
    }, this.opts.startTimeoutMs ?? (launch.viaPkexec ? 5 * 60_000 : 30_000));
    this.startTimer.unref?.();
  }

  async invoke<K extends RequestName>(name: K, params: Params<K>, opts: { timeoutMs?: number } = {}): Promise<Reply<ResultOf<K>>> {
    if (this.closing) return fail('helper-unavailable', 'the helper client is closed');
    const checked = checkRequest(name, params);
    if (!checked.ok) return checked;
    const id = this.nextId++;
    const line = requestLine(id, name, checked.request.params);
    if (Buffer.byteLength(line) > MAX_FRAME_BYTES) return fail('too-large', `request larger than ${MAX_FRAME_BYTES} bytes`);

    if (!this.child) {
      // A request after we gave up is the user trying again: give them a fresh start.
      if (this._state === 'crashed') this.restartTimes = [];
      this.start();
    }
    const child = this.child;
    if (!child) return fail('helper-unavailable', 'the helper is not running');
    const execExtra = name === 'exec' ? ((params as Params<'exec'>).timeoutMs ?? 10_000) : 0;
    const timeoutMs = opts.timeoutMs ?? (this.opts.timeoutsMs?.[name] ?? DEFAULT_TIMEOUTS[name]) + execExtra;

    return new Promise<Reply<ResultOf<K>>>((resolve) => {
      const p: Pending = { name, timeoutMs, resolve: resolve as (r: Reply<unknown>) => void };
      this.pending.set(id, p);
      if (this._state === 'ready') this.arm(id, p);
      child.stdin!.write(`${line}\n`);
    });
  }

  on<K extends EventName>(name: K, listener: (payload: EventOf<K>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => void set.delete(listener as (payload: never) => void);
  }

  /** Stop the helper (closing its stdin) and stop restarting it. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.startTimer);
    this.failAll(fail('helper-unavailable', 'the helper client is closing'));
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.stdin!.end();
      const grace = this.opts.closeGraceMs ?? 3_000;
      const timedOut = await Promise.race([exited.then(() => false), delay(grace).then(() => true)]);
      if (timedOut) {
        this.tryKill(child, 'SIGTERM');
        if (await Promise.race([exited.then(() => false), delay(grace).then(() => true)])) this.tryKill(child, 'SIGKILL');
      }
    }
    this.child = null;
    this._state = 'stopped';
  }

  private tryKill(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
      child.kill(signal);
    } catch (e) {
      this.log(`helper-client: cannot ${signal} the helper: ${(e as Error).message}`);
    }
  }

  private arm(id: number, p: Pending): void {
    if (p.timer) return;
    p.timer = setTimeout(() => {
      if (this.pending.delete(id)) p.resolve(fail('timeout', `the helper did not answer ${p.name} within ${p.timeoutMs} ms`));
    }, p.timeoutMs);
  }

  private onLine(line: string): void {
    const frame = parseIncoming(line);
    if (!frame) return this.log('helper-client: ignored a line from the helper that is not a frame');
    if (frame.kind === 'reply') {
      const p = this.pending.get(frame.id);
      if (!p) return; // timed out already
      this.pending.delete(frame.id);
      clearTimeout(p.timer);
      const reply = checkReply(p.name, frame.reply);
      if (!reply.ok && reply.code === 'bad-reply') this.log(`helper-client: ${reply.message}`);
      return p.resolve(reply);
    }
    const ev = checkEvent(frame.event, frame.payload);
    if (!ev) return this.log(`helper-client: ignored an event that does not match the contract`);
    if (ev.event === 'helperStatus' && ev.payload.state === 'ready') {
      this._state = 'ready';
      clearTimeout(this.startTimer);
      for (const [id, p] of this.pending) this.arm(id, p);
    }
    this.dispatch(ev.event, ev.payload);
  }

  private onExit(child: ChildProcess, launch: HelperLaunch, how: { code?: number | null; signal?: NodeJS.Signals | null; error?: Error }): void {
    if (this.child !== child) return;
    this.child = null;
    clearTimeout(this.startTimer);
    const missingPkexec = launch.viaPkexec && (how.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    const what = missingPkexec
      ? 'could not be started: pkexec is not installed (install polkit, or run nslab as root)'
      : how.error ? `could not be started (${how.error.message})` : how.signal ? `was killed by ${how.signal}` : `exited with code ${how.code}`;
    this.failAll(fail(how.error ? 'helper-unavailable' : 'helper-crashed', `the helper ${what}`));
    if (this.closing) {
      this._state = 'stopped';
      return;
    }
    const authRefused = launch.viaPkexec && (how.code === 126 || how.code === 127);
    const now = Date.now();
    const windowMs = this.opts.restartWindowMs ?? 60_000;
    this.restartTimes = this.restartTimes.filter((t) => now - t < windowMs);
    const tooMany = this.restartTimes.length >= (this.opts.maxRestarts ?? 5);

    if (how.error || authRefused || tooMany) {
      const why = how.error ? '' : authRefused ? '; authorization was refused or cancelled' : `; gave up after ${this.restartTimes.length} restarts`;
      this.setState('crashed', `the helper ${what}${why}. The next request will try again.`);
      return;
    }
    this.setState('crashed', `the helper ${what}`);
    this.restartTimes.push(now);
    this.setState('restarting');
    const base = this.opts.restartDelayMs ?? 250;
    this.restartTimer = setTimeout(() => this.start(), Math.min(base * 2 ** (this.restartTimes.length - 1), 10_000));
  }

  private failAll(reply: Failure): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      p.resolve(reply);
    }
  }

  private setState(state: 'starting' | 'crashed' | 'restarting', message?: string): void {
    this._state = state;
    this.dispatch('helperStatus', message ? { state, message } : { state });
  }

  private dispatch<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        (l as (p: EventOf<E>) => void)(payload);
      } catch (e) {
        this.log(`helper-client: a ${event} listener threw: ${(e as Error).message}`);
      }
    }
  }
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());
