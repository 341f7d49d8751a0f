/**
 * Soak test (root; not part of `npm test`): one long-lived helper process, driven over its stdio
 * protocol exactly as the app drives it, takes examples/routed.yaml (under a unique name) up and
 * down N times. Before and after it prints the lab's namespaces, the helper's child processes, its
 * open file descriptors and its resident memory, and exits 1 on a leak:
 *
 *   - any namespace of the soak lab left, or helper children / fds above the warmed-up baseline;
 *   - RSS growth beyond --rss-growth-mib (default 64 MiB) over the baseline taken after 5 warm-up
 *     cycles. V8 sizes its heap lazily and collects when it likes (measured: RSS swings between
 *     about 150 and 180 MiB over 100 cycles without trend), so a bound on growth, not equality,
 *     separates a leak from a garbage collector taking its time.
 *
 *   npx tsx scripts/soak.ts [--cycles 100] [--rss-growth-mib 64]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { netnsList } from '../testing/netns';
import { descendantsOf, openFds, rssKiB, cmdline } from '../testing/procs';

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '100' }, 'rss-growth-mib': { type: 'string', default: '64' } } });
const cycles = Number(values.cycles);
const rssBoundKiB = Number(values['rss-growth-mib']) * 1024;
const WARMUP = 5;
if (!Number.isInteger(cycles) || cycles < 1) throw new Error('--cycles must be a positive whole number');
if (process.getuid?.() !== 0) { console.error('soak: needs root (it creates namespaces)'); process.exit(2); }

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const name = `soak${Math.random().toString(36).slice(2, 8)}`;
const lab = { ...(parse(readFileSync(join(root, 'examples', 'routed.yaml'), 'utf8')) as Record<string, unknown>), name };
const prefix = `nslab-${name}-`;
const runDir = mkdtempSync(join(tmpdir(), 'nslab-soak-'));

const helper = spawn(process.execPath, ['--import', tsx, join(root, 'electron', 'helper', 'main.ts')], {
  stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NSLAB_RUN_DIR: runDir },
});
const pid = helper.pid!;
const waiting = new Map<number, (reply: { ok: boolean; code?: string; message?: string; value?: any }) => void>();
let ready!: () => void;
const isReady = new Promise<void>((r) => (ready = r));
let buf = '';
helper.stdout.on('data', (c: Buffer) => {
  buf += c;
  for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) {
    const f = JSON.parse(buf.slice(0, i)) as { id?: number; reply?: never; event?: string; payload?: { state?: string } };
    if (f.event === 'helperStatus' && f.payload?.state === 'ready') ready();
    if (typeof f.id === 'number') { waiting.get(f.id)?.(f.reply!); waiting.delete(f.id); }
  }
});
let nextId = 1;
function call(method: string, params: unknown): Promise<{ ok: boolean; code?: string; message?: string; value?: any }> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    helper.stdin.write(`${JSON.stringify({ id, method, params })}\n`);
  });
}

interface Sample { namespaces: string[]; allNslab: number; children: string[]; fds: number; rssKiB: number }
const sample = (): Sample => ({
  namespaces: netnsList().filter((n) => n.startsWith(prefix)).sort(),
  allNslab: netnsList().filter((n) => n.startsWith('nslab-')).length,
  children: descendantsOf(pid).map((p) => `${p} ${cmdline(p)}`),
  fds: openFds(pid),
  rssKiB: rssKiB(pid),
});
const show = (label: string, s: Sample) =>
  console.log(`${label}: lab namespaces ${s.namespaces.length} (all nslab-*: ${s.allNslab}), helper children ${s.children.length}, open fds ${s.fds}, VmRSS ${(s.rssKiB / 1024).toFixed(1)} MiB`);

async function cycle(i: number): Promise<void> {
  const up = await call('apply', { lab });
  if (!up.ok) throw new Error(`cycle ${i}: apply failed: ${up.code}: ${up.message}`);
  const down = await call('destroy', { name });
  if (!down.ok) throw new Error(`cycle ${i}: destroy failed: ${down.code}: ${down.message}`);
  if (down.value.removed.length !== 5) throw new Error(`cycle ${i}: removed ${down.value.removed.length} namespaces, expected 5`);
}

let exitCode = 0;
try {
  await isReady;
  // warm-up cycles (not counted): modules loaded, JIT and V8's heap sized, so the baseline is the
  // steady state rather than a freshly started process
  for (let i = 0; i < WARMUP; i++) await cycle(-i);
  const before = sample();
  show('before', before);
  const t0 = performance.now();
  for (let i = 1; i <= cycles; i++) {
    await cycle(i);
    if (i % 10 === 0 || i === cycles) process.stderr.write(`soak: ${i}/${cycles} cycles, VmRSS ${(rssKiB(pid) / 1024).toFixed(1)} MiB\n`);
  }
  const secs = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 200)); // let exited children be reaped
  const after = sample();
  show('after ', after);
  console.log(`${cycles} up/down cycles of routed.yaml (5 namespaces, 4 cables) in ${secs.toFixed(1)} s (${((secs * 1000) / cycles).toFixed(0)} ms per cycle)`);
  const leaks: string[] = [];
  if (after.namespaces.length > 0) leaks.push(`namespaces left: ${after.namespaces.join(', ')}`);
  if (after.children.length > before.children.length) leaks.push(`helper children: ${after.children.join('; ')}`);
  if (after.fds > before.fds) leaks.push(`open fds ${before.fds} → ${after.fds}`);
  const growth = after.rssKiB - before.rssKiB;
  console.log(`RSS growth ${(growth / 1024).toFixed(1)} MiB (bound ${(rssBoundKiB / 1024).toFixed(0)} MiB)`);
  if (growth > rssBoundKiB) leaks.push(`RSS grew ${(growth / 1024).toFixed(1)} MiB`);
  if (leaks.length) { console.log(`LEAK: ${leaks.join('; ')}`); exitCode = 1; } else console.log('no leak');
} catch (e) {
  console.error(`soak: ${(e as Error).message}`);
  exitCode = 1;
} finally {
  await call('destroy', { name }).catch(() => {});
  helper.stdin.end();
  await new Promise((r) => helper.once('exit', r));
}
process.exit(exitCode);
