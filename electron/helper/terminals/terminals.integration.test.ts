// Real ptys in real namespaces (root): the shell runs inside the node's namespace, sees the pty's
// size, dies with its session when closed or when its lab is destroyed, and only a node the lab's
// ledger owns gets one.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventOf } from '../../../shared/protocol/api';
import { loadExample } from '../../../testing/labs';
import { netnsList, removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { apply, destroy, ownedNodeNs } from '../engine';
import { engineHandlers } from '../handlers';
import { killSession } from './kill-session';
import { TerminalManager, type TerminalEmit } from './manager';
import { spawnNodePty } from './node-pty';

const nsPids = (ns: string): number[] =>
  execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
const pgrep = (pattern: string): string => {
  try {
    return execFileSync('pgrep', ['-a', '-f', pattern], { encoding: 'utf8' });
  } catch {
    return ''; // exit 1: no match
  }
};

function recorder() {
  const out = new Map<string, string>();
  const exits = new Map<string, EventOf<'terminalExit'>>();
  const emit = ((event: 'terminalData' | 'terminalExit', p: { id: string; data?: string }) => {
    if (event === 'terminalData') out.set(p.id, (out.get(p.id) ?? '') + p.data);
    else exits.set(p.id, p as EventOf<'terminalExit'>);
  }) as TerminalEmit;
  /** Wait until the terminal's output (from `from` on) matches. */
  const until = async (id: string, re: RegExp, from = 0, ms = 10_000): Promise<string> => {
    const end = Date.now() + ms;
    for (;;) {
      const text = (out.get(id) ?? '').slice(from);
      if (re.test(text)) return text;
      if (Date.now() > end) throw new Error(`timed out waiting for ${re} in:\n${text}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { out, exits, emit, until, mark: (id: string) => (out.get(id) ?? '').length };
}

describeRoot('terminals in lab nodes', () => {
  const lab = loadExample('two-hosts.yaml');
  const h1 = `nslab-${lab.name}-h1`;
  const terminals = new TerminalManager({ spawn: spawnNodePty, resolveNs: ownedNodeNs, killSession: (sid) => void killSession(sid), closeGraceMs: 1_000 });

  beforeAll(async () => {
    await apply(lab);
  });
  afterAll(async () => {
    try {
      await terminals.closeAll();
    } finally {
      await destroy(lab.name).catch(() => {});
      removeNetnsWithPrefix(`nslab-${lab.name}-`);
    }
  });

  it('runs the shell inside the node’s namespace, not the host’s', async () => {
    const r = recorder();
    const { id } = await terminals.open({ lab: lab.name, node: 'h1', cols: 100, rows: 30 }, r.emit);
    try {
      // The sentinel is computed by the shell, so the echoed command line cannot match it.
      terminals.input(id, 'ip -br link; ip netns identify; echo __done__$((40+2))\n');
      const text = await r.until(id, /__done__42/);
      expect(text).toMatch(/^eth0@\S+\s+UP/m);
      expect(text).toMatch(/^lo\s/m);
      expect(text).toContain(h1);
      const hostIfaces = (JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as { ifname: string }[])
        .map((l) => l.ifname).filter((n) => n !== 'lo' && n !== 'eth0');
      for (const name of hostIfaces) expect(text, `host interface ${name}`).not.toMatch(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[@\\s]`, 'm'));
      // the prompt names the node (PS1, or Debian's debian_chroot when the profile sets its own)
      expect(r.out.get(id)).toMatch(/\(h1\)\S*[#$] |h1:\S*# /);
    } finally {
      await terminals.close(id);
    }
  });

  it('passes a resize on to the pty', async () => {
    const r = recorder();
    const { id } = await terminals.open({ lab: lab.name, node: 'h2', cols: 80, rows: 24 }, r.emit);
    try {
      terminals.input(id, 'stty size; echo __a__$((1+1))\n');
      expect(await r.until(id, /__a__2/)).toMatch(/^24 80\r?$/m);
      terminals.resize(id, 132, 43);
      const from = r.mark(id);
      terminals.input(id, 'stty size; echo __b__$((1+1))\n');
      expect(await r.until(id, /__b__2/, from)).toMatch(/^43 132\r?$/m);
    } finally {
      await terminals.close(id);
    }
  });

  it('coalesces a `yes` flood into few bounded events, and ^C still stops it', async () => {
    const chunks: number[] = [];
    const r = recorder();
    const emit = ((event: 'terminalData' | 'terminalExit', p: never) => {
      if (event === 'terminalData') chunks.push((p as { data: string }).data.length);
      r.emit(event as never, p);
    }) as TerminalEmit;
    const { id } = await terminals.open({ lab: lab.name, node: 'h2', cols: 80, rows: 24 }, emit);
    try {
      terminals.input(id, 'yes\n');
      await new Promise((res) => setTimeout(res, 1_000));
      const during = chunks.length;
      // at most one event per 16 ms tick, each at most 32 KiB
      expect(during).toBeLessThan(1_000 / 16 + 10);
      expect(Math.max(...chunks)).toBeLessThanOrEqual(32 * 1024);
      terminals.input(id, '\x03');
      await new Promise((res) => setTimeout(res, 300));
      const from = r.mark(id);
      terminals.input(id, 'echo __c__$((1+1))\n');
      await r.until(id, /__c__2/, from);
    } finally {
      await terminals.close(id);
    }
  });

  it('close ends the shell and everything it started, leaving nothing in the namespace', async () => {
    const r = recorder();
    const { id } = await terminals.open({ lab: lab.name, node: 'h1', cols: 80, rows: 24 }, r.emit);
    // a job that ignores the hang-up and is disowned: only killing the session ends it
    terminals.input(id, 'nohup sleep 4242 >/dev/null 2>&1 & disown; echo __s__$((1+1))\n');
    await r.until(id, /__s__2/);
    expect(nsPids(h1).length).toBeGreaterThanOrEqual(2);
    expect(pgrep('sleep 4242')).not.toBe('');
    await terminals.close(id);
    expect(r.exits.get(id)).toBeDefined();
    expect(nsPids(h1)).toEqual([]);
    expect(pgrep('sleep 4242')).toBe('');
    expect(pgrep(`ip netns exec ${h1}`)).toBe('');
    expect(terminals.ids()).not.toContain(id);
  });

  it('refuses a node the lab does not own, even when a namespace by that name exists', async () => {
    const r = recorder();
    const rogue = `nslab-${lab.name}-rogue`;
    execFileSync('ip', ['netns', 'add', rogue]);
    try {
      await expect(terminals.open({ lab: lab.name, node: 'rogue', cols: 80, rows: 24 }, r.emit)).rejects.toMatchObject({ code: 'not-owned' });
      await expect(terminals.open({ lab: lab.name, node: 'nope', cols: 80, rows: 24 }, r.emit)).rejects.toMatchObject({ code: 'not-owned' });
      await expect(terminals.open({ lab: 'nosuchlab', node: 'h1', cols: 80, rows: 24 }, r.emit)).rejects.toMatchObject({ code: 'not-found' });
      await expect(terminals.open({ lab: lab.name, node: '../h1', cols: 80, rows: 24 }, r.emit)).rejects.toMatchObject({ code: 'invalid' });
      expect(r.out.size).toBe(0);
      expect(nsPids(rogue)).toEqual([]);
    } finally {
      execFileSync('ip', ['netns', 'del', rogue]);
    }
  });

  for (const how of ['stdin closes', 'SIGTERM'] as const) {
    it(`the helper process kills its terminals when ${how}`, async () => {
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const entry = fileURLToPath(new URL('../main.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', tsx, entry], { stdio: ['pipe', 'pipe', 'inherit'] });
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      let buf = '';
      const opened = new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          buf += c;
          const m = /\{"id":1,"reply":(\{.*?\})\}\n/.exec(buf);
          if (!m) return;
          const reply = JSON.parse(m[1]!) as { ok: boolean; value?: { id: string }; message?: string };
          if (reply.ok) resolve(reply.value!.id);
          else reject(new Error(reply.message));
        });
      });
      child.stdin.write(`${JSON.stringify({ id: 1, method: 'terminalOpen', params: { lab: lab.name, node: 'h1', cols: 80, rows: 24 } })}\n`);
      await opened;
      await expect.poll(() => nsPids(h1).length, { timeout: 5_000 }).toBeGreaterThan(0);
      if (how === 'SIGTERM') child.kill('SIGTERM');
      else child.stdin.end();
      expect(await exited).toBe(0);
      expect(nsPids(h1)).toEqual([]);
    });
  }

  it('destroying the lab through the helper closes its terminals first', async () => {
    const other = loadExample('two-hosts.yaml');
    await apply(other);
    try {
      const events: [string, unknown][] = [];
      const emit = (<E extends string>(event: E, payload: unknown) => events.push([event, payload])) as never;
      const { id } = await engineHandlers.terminalOpen!({ lab: other.name, node: 'h1', cols: 80, rows: 24 }, { emit });
      const removed = await engineHandlers.destroy!({ name: other.name }, { emit });
      expect(removed.removed).toHaveLength(2);
      expect(events.some(([e, p]) => e === 'terminalExit' && (p as { id: string }).id === id)).toBe(true);
      expect(netnsList().filter((n) => n.startsWith(`nslab-${other.name}-`))).toEqual([]);
      expect(pgrep(`nslab-${other.name}-`)).toBe('');
    } finally {
      await destroy(other.name).catch(() => {});
      removeNetnsWithPrefix(`nslab-${other.name}-`);
    }
  });
});
