/**
 * The slice of node-pty the terminal manager uses, so its limits and coalescing are testable with
 * a fake. `spawn` is given an argument array (never a shell string) and a complete environment.
 */
export interface Disposable { dispose(): void }

export interface PtyLike {
  readonly pid: number;
  onData(listener: (data: string) => void): Disposable;
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): Disposable;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  /** Stop reading the pty (the shell then blocks on write): flow control for floods. */
  pause(): void;
  resume(): void;
}

export interface PtySpawnOptions {
  cols: number;
  rows: number;
  cwd: string;
  env: Record<string, string>;
}

export type SpawnPty = (argv: [string, ...string[]], opts: PtySpawnOptions) => Promise<PtyLike>;
