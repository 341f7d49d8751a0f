import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine';
import { TerminalManager, type TerminalEmit } from './manager';
import type { PtyLike, PtySpawnOptions } from './types';

class FakePty implements PtyLike {
  static nextPid = 1000;
  readonly pid = FakePty.nextPid++;
  written: string[] = [];
  size: [number, number];
  killed: string[] = [];
  paused = false;
  private dataL: ((d: string) => void)[] = [];
  private exitL: ((e: { exitCode: number; signal?: number }) => void)[] = [];
  constructor(readonly argv: string[], readonly opts: PtySpawnOptions, private readonly diesOn: string[] = ['SIGHUP', 'SIGKILL']) {
    this.size = [opts.cols, opts.rows];
  }
  onData(l: (d: string) => void) { this.dataL.push(l); return { dispose: () => void (this.dataL = this.dataL.filter((x) => x !== l)) }; }
  onExit(l: (e: { exitCode: number; signal?: number }) => void) { this.exitL.push(l); return { dispose: () => void (this.exitL = this.exitL.filter((x) => x !== l)) }; }
  write(d: string) { this.written.push(d); }
  resize(c: number, r: number) { this.size = [c, r]; }
  kill(signal = 'SIGHUP') {
    this.killed.push(signal);
    if (this.diesOn.includes(signal)) queueMicrotask(() => this.exit(129));
  }
  pause() { this.paused = true; }
  resume() { this.paused = false; }
  out(d: string) { for (const l of this.dataL) l(d); }
  exit(code: number) { for (const l of [...this.exitL]) l({ exitCode: code }); }
}

function setup(opts: { max?: number; diesOn?: string[]; owned?: string[] } = {}) {
  const ptys: FakePty[] = [];
  const events: [string, unknown][] = [];
  const killedSessions: number[] = [];
  const emit = ((event: string, payload: unknown) => events.push([event, payload])) as TerminalEmit;
  const m = new TerminalManager({
    spawn: async (argv, o) => {
      const p = new FakePty(argv, o, opts.diesOn);
      ptys.push(p);
      return p;
    },
    resolveNs: async (lab, node) => {
      if (!(opts.owned ?? ['h1', 'h2']).includes(node)) throw new EngineError('not-owned', `lab "${lab}" has no running node "${node}"`);
      return `nslab-${lab}-${node}`;
    },
    shell: () => '/bin/bash',
    maxSessions: opts.max,
    closeGraceMs: 50,
    killSession: (sid) => killedSessions.push(sid),
    coalesce: { flushMs: 5, maxChunk: 8 },
  });
  return { m, ptys, events, emit, killedSessions };
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TerminalManager', () => {
  it('spawns ip netns exec <ns> bash -l with the node’s prompt, size and cwd', async () => {
    const t = setup();
    const { id } = await t.m.open({ lab: 'lab', node: 'h1', cols: 100, rows: 30 }, t.emit);
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const p = t.ptys[0]!;
    expect(p.argv).toEqual(['ip', 'netns', 'exec', 'nslab-lab-h1', '/bin/bash', '--noprofile', '--norc', '-i']);
    expect(p.opts).toMatchObject({ cols: 100, rows: 30, cwd: '/root', env: { TERM: 'xterm-256color', PS1: 'h1:\\w# ' } });
    t.m.input(id, 'ls\r');
    t.m.resize(id, 120, 40);
    expect(p.written).toEqual(['ls\r']);
    expect(p.size).toEqual([120, 40]);
  });

  it('refuses a node the lab does not own, and unknown ids', async () => {
    const t = setup();
    await expect(t.m.open({ lab: 'lab', node: 'other', cols: 80, rows: 24 }, t.emit)).rejects.toMatchObject({ code: 'not-owned' });
    expect(t.ptys).toHaveLength(0);
    expect(() => t.m.input('nope-nope-nope-nope', 'x')).toThrow(/no such terminal/);
    expect(t.m.size).toBe(0);
  });

  it('allows at most maxSessions, counting opens in progress', async () => {
    const t = setup({ max: 3 });
    const opens = Array.from({ length: 5 }, () => t.m.open({ lab: 'lab', node: 'h1', cols: 80, rows: 24 }, t.emit));
    const results = await Promise.allSettled(opens);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['busy', 'busy']);
    const [first] = t.m.ids();
    await t.m.close(first!);
    await expect(t.m.open({ lab: 'lab', node: 'h2', cols: 80, rows: 24 }, t.emit)).resolves.toHaveProperty('id');
  });

  it('caps input size', async () => {
    const t = setup();
    const { id } = await t.m.open({ lab: 'lab', node: 'h1', cols: 80, rows: 24 }, t.emit);
    expect(() => t.m.input(id, 'x'.repeat(64 * 1024 + 1))).toThrow(/limited/);
    expect(t.ptys[0]!.written).toEqual([]);
  });

  it('coalesces output into few events, flushes it before the exit event', async () => {
    const t = setup();
    const { id } = await t.m.open({ lab: 'lab', node: 'h1', cols: 80, rows: 24 }, t.emit);
    const p = t.ptys[0]!;
    for (const c of 'hello world') p.out(c);
    await wait(20);
    p.out('bye');
    p.exit(3);
    const data = t.events.filter(([e]) => e === 'terminalData').map(([, x]) => (x as { data: string }).data);
    expect(data.join('')).toBe('hello worldbye');
    expect(data.every((d) => d.length <= 8)).toBe(true);
    expect(data.length).toBeLessThanOrEqual(3);
    expect(t.events.at(-1)).toEqual(['terminalExit', { id, code: 3 }]);
    expect(t.m.size).toBe(0);
  });

  it('close hangs up the shell and kills its session; a shell ignoring SIGHUP gets SIGKILL', async () => {
    const t = setup({ diesOn: ['SIGKILL'] });
    const { id } = await t.m.open({ lab: 'lab', node: 'h1', cols: 80, rows: 24 }, t.emit);
    await t.m.close(id);
    const p = t.ptys[0]!;
    expect(p.killed).toEqual(['SIGHUP', 'SIGKILL']);
    expect(t.killedSessions).toEqual([p.pid]);
    expect(t.events.at(-1)).toEqual(['terminalExit', { id, code: 129 }]);
    await t.m.close(id); // twice is fine
  });

  it('closeLab closes only that lab’s terminals; closeAll the rest', async () => {
    const t = setup();
    await t.m.open({ lab: 'a', node: 'h1', cols: 80, rows: 24 }, t.emit);
    await t.m.open({ lab: 'a', node: 'h2', cols: 80, rows: 24 }, t.emit);
    const { id: keep } = await t.m.open({ lab: 'b', node: 'h1', cols: 80, rows: 24 }, t.emit);
    expect(await t.m.closeLab('a')).toBe(2);
    expect(t.m.ids()).toEqual([keep]);
    await t.m.closeAll();
    expect(t.m.size).toBe(0);
    expect(t.ptys.every((p) => p.killed.includes('SIGHUP'))).toBe(true);
  });

  it('pauses a flooding pty and resumes it once the output drains', async () => {
    const t = setup();
    await t.m.open({ lab: 'lab', node: 'h1', cols: 80, rows: 24 }, t.emit);
    const p = t.ptys[0]!;
    p.out('y'.repeat(100)); // highWater defaults to 8 × maxChunk = 64
    expect(p.paused).toBe(true);
    await wait(200);
    expect(p.paused).toBe(false);
  });
});
