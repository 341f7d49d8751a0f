// Root: SIGTERM to the real helper ends the processes it started. A long command runs through
// `exec` inside a lab node (the helper's longest-lived kind of child today); the helper is sent
// SIGTERM; once it has exited, no process it started is left.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadExample, uniqueName } from '../../testing/labs';
import { alive, cmdline, descendantsOf } from '../../testing/procs';
import { describeRoot } from '../../testing/root';
import { apply, destroy } from './engine';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const entry = fileURLToPath(new URL('./main.ts', import.meta.url));
const lab = loadExample('two-hosts.yaml', uniqueName('sig'));
let runDir: string;
let prev: string | undefined;

describeRoot('helper faults on the real kernel', () => {
  beforeAll(async () => {
    prev = process.env.NSLAB_RUN_DIR;
    runDir = mkdtempSync(join(tmpdir(), 'nslab-faults-'));
    process.env.NSLAB_RUN_DIR = runDir;
    await apply(lab);
  });
  afterAll(async () => {
    await destroy(lab.name).catch(() => {});
    if (prev === undefined) delete process.env.NSLAB_RUN_DIR;
    else process.env.NSLAB_RUN_DIR = prev;
  });

  it('SIGTERM: the helper exits and leaves no child process running', async () => {
    const child = spawn(process.execPath, ['--import', tsx, entry], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NSLAB_RUN_DIR: runDir } });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c; });
    for (let t = 0; !out.includes('"ready"') && t < 200; t++) await new Promise((r) => setTimeout(r, 50));
    // a unique argument makes the sleeper findable
    const tag = String(3000 + Math.floor(Math.random() * 999));
    child.stdin.write(`${JSON.stringify({ id: 1, method: 'exec', params: { name: lab.name, node: 'h1', argv: ['sleep', tag], timeoutMs: 60_000 } })}\n`);
    let sleepers: number[] = [];
    for (let t = 0; sleepers.length === 0 && t < 200; t++) {
      await new Promise((r) => setTimeout(r, 50));
      sleepers = descendantsOf(child.pid!).filter((p) => cmdline(p) === `sleep ${tag}`);
    }
    expect(sleepers, 'the exec started its command').toHaveLength(1);
    const all = descendantsOf(child.pid!);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // the command the helper started is gone with it (not re-parented and left running)
    for (let t = 0; all.some(alive) && t < 40; t++) await new Promise((r) => setTimeout(r, 50));
    expect(all.filter(alive).map((p) => `${p} ${cmdline(p)}`)).toEqual([]);
  }, 30_000);

  it('SIGTERM ends a running capture, a terminal and a live watch: no tcpdump, shell or monitor outlives the helper', async () => {
    const child = spawn(process.execPath, ['--import', tsx, entry], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NSLAB_RUN_DIR: runDir } });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c; });
    const reply = async (id: number) => {
      for (let t = 0; t < 200; t++) {
        const line = out.split('\n').find((l) => l.startsWith(`{"id":${id},`));
        if (line) return JSON.parse(line).reply as { ok: boolean; value?: any; message?: string };
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no reply to ${id}: ${out.slice(-500)}`);
    };
    for (let t = 0; !out.includes('"ready"') && t < 200; t++) await new Promise((r) => setTimeout(r, 50));
    child.stdin.write(`${JSON.stringify({ id: 1, method: 'captureStart', params: { name: lab.name, node: 'h1', iface: 'eth0' } })}\n`);
    child.stdin.write(`${JSON.stringify({ id: 2, method: 'terminalOpen', params: { lab: lab.name, node: 'h2', cols: 80, rows: 24 } })}\n`);
    child.stdin.write(`${JSON.stringify({ id: 3, method: 'watchStart', params: { lab: lab.name, intervalMs: 0 } })}\n`);
    const cap = await reply(1);
    const term = await reply(2);
    const watch = await reply(3);
    expect(watch.ok, watch.message).toBe(true);
    expect(cap.ok, cap.message).toBe(true);
    expect(term.ok, term.message).toBe(true);
    let kids: number[] = [];
    for (let t = 0; t < 100; t++) {
      kids = descendantsOf(child.pid!);
      if (kids.some((p) => cmdline(p).startsWith('tcpdump')) && kids.some((p) => /\b(ba)?sh\b/.test(cmdline(p))) && kids.some((p) => cmdline(p).includes('monitor'))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(kids.map(cmdline).some((c) => c.startsWith('tcpdump')), 'a tcpdump runs for the capture').toBe(true);
    expect(kids.map(cmdline).some((c) => c.includes('monitor')), 'an ip monitor runs for the watch').toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (let t = 0; kids.some(alive) && t < 60; t++) await new Promise((r) => setTimeout(r, 50));
    expect(kids.filter(alive).map((p) => `${p} ${cmdline(p)}`)).toEqual([]);
  }, 30_000);
});
