/**
 * Terminal sessions in the helper: a pty per session running a login shell inside one of a lab's
 * own namespaces. Limits: at most `maxSessions` at once, input frames capped, output coalesced
 * (coalescer.ts). Sessions end when the user closes them, when their lab is destroyed, and when
 * the helper exits — closing kills the shell's whole session, so nothing keeps a node alive.
 */
import { randomBytes } from 'node:crypto';
import { TERMINAL_INPUT_MAX, type EventOf } from '../../../shared/protocol/api';
import { EngineError } from '../engine';
import { OutputCoalescer, type CoalescerOptions } from './coalescer';
import { findShell, terminalArgv, terminalEnv } from './shell';
import type { Disposable, PtyLike, SpawnPty } from './types';

export type TerminalEmit = {
  (event: 'terminalData', payload: EventOf<'terminalData'>): void;
  (event: 'terminalExit', payload: EventOf<'terminalExit'>): void;
};

export const MAX_SESSIONS = 32;

export interface TerminalManagerOptions {
  spawn: SpawnPty;
  /** The namespace of a lab's node, refusing one the lab does not own (engine.ownedNodeNs). */
  resolveNs(lab: string, node: string): Promise<string>;
  shell?: () => string;
  maxSessions?: number;
  /** How long a closed shell gets to exit on SIGHUP before its session is killed. */
  closeGraceMs?: number;
  /** Kill what is left of a session (default: every process with that session id). */
  killSession?: (sid: number) => void;
  coalesce?: Pick<CoalescerOptions, 'flushMs' | 'maxChunk' | 'highWater' | 'lowWater' | 'setTimer' | 'clearTimer'>;
  env?: NodeJS.ProcessEnv;
}

interface Session {
  id: string;
  lab: string;
  node: string;
  pty: PtyLike;
  out: OutputCoalescer;
  subs: Disposable[];
  exited: Promise<void>;
  closing: boolean;
}

export class TerminalManager {
  private readonly sessions = new Map<string, Session>();
  /** opens in progress count against the limit, so 33 parallel opens cannot make 33 sessions */
  private opening = 0;
  private readonly max: number;
  private shellPath: string | null = null;

  constructor(private readonly opts: TerminalManagerOptions) {
    this.max = opts.maxSessions ?? MAX_SESSIONS;
  }

  get size(): number {
    return this.sessions.size;
  }

  ids(): string[] {
    return [...this.sessions.keys()];
  }

  async open(p: { lab: string; node: string; cols: number; rows: number }, emit: TerminalEmit): Promise<{ id: string }> {
    if (this.sessions.size + this.opening >= this.max) throw new EngineError('busy', `at most ${this.max} terminals may be open at once; close one first`);
    this.opening++;
    let session: Session;
    try {
      const ns = await this.opts.resolveNs(p.lab, p.node);
      this.shellPath ??= (this.opts.shell ?? findShell)();
      const pty = await this.opts.spawn(terminalArgv(ns, this.shellPath), {
        cols: p.cols, rows: p.rows, cwd: '/root', env: terminalEnv(p.lab, p.node, this.opts.env),
      }).catch((e: unknown) => {
        throw new EngineError('missing-feature', `cannot start a terminal: ${(e as Error).message}`);
      });
      const id = randomBytes(12).toString('base64url');
      const out = new OutputCoalescer({ ...this.opts.coalesce, send: (data) => emit('terminalData', { id, data }), pause: () => pty.pause(), resume: () => pty.resume() });
      let onExited!: () => void;
      const exited = new Promise<void>((r) => (onExited = r));
      session = { id, lab: p.lab, node: p.node, pty, out, subs: [], exited, closing: false };
      session.subs.push(
        pty.onData((d) => out.push(d)),
        pty.onExit((e) => {
          out.drain();
          out.dispose();
          for (const s of session.subs) s.dispose();
          this.sessions.delete(id);
          emit('terminalExit', { id, code: Number.isInteger(e.exitCode) ? e.exitCode : -1, ...(e.signal ? { signal: e.signal } : {}) });
          onExited();
        }),
      );
      this.sessions.set(id, session);
    } finally {
      this.opening--;
    }
    return { id: session.id };
  }

  input(id: string, data: string): void {
    const s = this.get(id);
    if (data.length > TERMINAL_INPUT_MAX) throw new EngineError('invalid', `terminal input is limited to ${TERMINAL_INPUT_MAX} characters per message`);
    if (!s.closing) s.pty.write(data);
  }

  resize(id: string, cols: number, rows: number): void {
    const s = this.get(id);
    if (!s.closing) s.pty.resize(cols, rows);
  }

  /** Hang up the shell; if it has not gone after the grace period, kill its whole session. */
  async close(id: string): Promise<void> {
    const s = this.sessions.get(id);
    if (!s) return; // closed already (or exited): closing twice is not an error
    await this.end(s);
  }

  async closeLab(lab: string): Promise<number> {
    const mine = [...this.sessions.values()].filter((s) => s.lab === lab);
    await Promise.all(mine.map((s) => this.end(s)));
    return mine.length;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.end(s)));
  }

  /** Last resort when the process is exiting: no waiting, SIGKILL every session. */
  killAllNow(): void {
    for (const s of this.sessions.values()) this.killRest(s);
  }

  private get(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new EngineError('not-found', 'no such terminal (it was closed, or its shell exited)');
    return s;
  }

  private async end(s: Session): Promise<void> {
    if (!s.closing) {
      s.closing = true;
      try {
        s.pty.kill('SIGHUP');
      } catch {
        // exited already
      }
    }
    const grace = this.opts.closeGraceMs ?? 2_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([s.exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), grace)))]);
    clearTimeout(timer);
    // Background jobs of the shell survive its SIGHUP if they ignore it; the session goes whole.
    this.killRest(s);
    if (timedOut) {
      try {
        s.pty.kill('SIGKILL');
      } catch {
        // gone
      }
      await Promise.race([s.exited, new Promise((r) => setTimeout(r, grace))]);
    }
  }

  private killRest(s: Session): void {
    try {
      this.opts.killSession?.(s.pty.pid);
    } catch {
      // best effort
    }
  }
}
