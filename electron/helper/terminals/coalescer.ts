/**
 * Output coalescing with flow control. A terminal's output is collected and sent at most once per
 * tick (16 ms) and at most `maxChunk` characters per event, so `yes` in a node cannot flood the
 * helper's stdout (which every other request and event shares). Past `highWater` pending
 * characters the pty is paused — the shell blocks on write, as it would on a slow real terminal —
 * and resumed once the backlog drains below `lowWater`. Memory per terminal is thus bounded.
 */
export interface CoalescerOptions {
  send(data: string): void;
  pause(): void;
  resume(): void;
  flushMs?: number;
  maxChunk?: number;
  highWater?: number;
  lowWater?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export const FLUSH_MS = 16;
export const MAX_CHUNK = 32 * 1024;

export class OutputCoalescer {
  private parts: string[] = [];
  private pending = 0;
  private timer: unknown = null;
  private paused = false;
  private disposed = false;
  private readonly flushMs: number;
  private readonly maxChunk: number;
  private readonly highWater: number;
  private readonly lowWater: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(private readonly opts: CoalescerOptions) {
    this.flushMs = opts.flushMs ?? FLUSH_MS;
    this.maxChunk = opts.maxChunk ?? MAX_CHUNK;
    this.highWater = opts.highWater ?? 8 * this.maxChunk;
    this.lowWater = opts.lowWater ?? 2 * this.maxChunk;
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  }

  /** Characters waiting to be sent. */
  get backlog(): number {
    return this.pending;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    this.parts.push(data);
    this.pending += data.length;
    if (!this.paused && this.pending >= this.highWater) {
      this.paused = true;
      this.opts.pause();
    }
    this.schedule();
  }

  /** Send everything now (in chunks), e.g. before announcing the exit. */
  drain(): void {
    while (this.pending > 0) this.sendChunk();
    this.maybeResume();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.parts = [];
    this.pending = 0;
  }

  private schedule(): void {
    if (this.timer !== null || this.disposed) return;
    this.timer = this.setTimer(() => this.tick(), this.flushMs);
  }

  private tick(): void {
    this.timer = null;
    if (this.disposed) return;
    this.sendChunk();
    this.maybeResume();
    if (this.pending > 0) this.schedule();
  }

  private maybeResume(): void {
    if (this.paused && this.pending <= this.lowWater && !this.disposed) {
      this.paused = false;
      this.opts.resume();
    }
  }

  /** Send up to maxChunk characters, never splitting a surrogate pair. */
  private sendChunk(): void {
    if (this.pending === 0) return;
    const all = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    let cut = Math.min(all.length, this.maxChunk);
    if (cut < all.length && cut > 1) {
      const c = all.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut--;
    }
    const rest = all.slice(cut);
    this.parts = rest ? [rest] : [];
    this.pending = rest.length;
    this.opts.send(all.slice(0, cut));
  }
}
