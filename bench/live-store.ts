/**
 * Live state end to end (issue #4): kernel event → renderer store. `tsx bench/live-store.ts [50 200 …]`
 * as root; `npm run bench` runs it (skip with --no-live).
 *
 * What runs is browser mode minus the browser: the real helper process (HelperClient, started
 * the way the app starts it), the host backend, the web server with its WebSocket bridge, and a
 * Node WebSocket client that feeds every `live` frame into the renderer's own live slice
 * (renderer/store/live-slice.ts `onLive` → `applyLiveDiff`) in a zustand store. Measured:
 *
 *  - latency: from just before `ip -n NS link set va up|down` starts to the moment the store's
 *    state shows the new adminUp (store subscription), p50/p95 over 40 samples;
 *  - CPU: the helper and its `ip monitor` children (/proc/<pid>/stat of the helper's process tree)
 *    over 10 s, without counters and with counters at 1 Hz; "sampler share" = the difference, in %
 *    of one core. This process (server + client + store) is reported separately.
 *
 * N plain namespaces `nslab-benchls-<run>n<i>` with a veth pair each, registered in a throw-away
 * ledger (NSLAB_RUN_DIR in a temp dir, inherited by the helper). All deleted in finally.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import WebSocket from 'ws';
import { createStore } from 'zustand/vanilla';
import type { LiveEvent } from '../shared/state/live';
import { makeNamespaces, pct, procCpuMs, sleep, useTempRunDir, writeResults } from './live-fixture';

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const LAB = 'benchls';
const run = Math.random().toString(36).slice(2, 6);
const SAMPLES = 40;
const CPU_WINDOW_MS = 10_000;

const runDir = useTempRunDir('nslab-bench-live-');
const { HelperClient } = await import('../electron/host/helper-client');
const { defaultHelperLaunch } = await import('../electron/host/helper-launch');
const { createBackend } = await import('../electron/host/backend');
const { defaultExamplesDir } = await import('../electron/host/examples');
const { startWebServer } = await import('./../electron/web/server');
const { createLiveSlice } = await import('../renderer/store/live-slice');

const cpuOf = (pid: number): number => procCpuMs(pid).self;
const childrenOf = (pid: number): number[] => {
  try { return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)); } catch { return []; }
};
const tree = (pid: number): number[] => [pid, ...childrenOf(pid).flatMap(tree)];
/** CPU ms of the helper's process tree (exited children are not counted: none exit while measuring). */
const helperCpu = (helperPid: number) => tree(helperPid).reduce((s, p) => s + cpuOf(p), 0);

async function bench(n: number): Promise<Record<string, number>> {
  const row: Record<string, number> = { namespaces: n };
  const staticDir = mkdtempSync(join(tmpdir(), 'nslab-bench-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>nslab</title>');
  const before = new Set(childrenOf(process.pid));
  const helper = new HelperClient({ launch: defaultHelperLaunch, log: () => {} });
  const backend = createBackend({ helper, examplesDir: defaultExamplesDir() });
  const server = await startWebServer({ api: backend, staticDir, log: () => {} });
  let ws: WebSocket | null = null;
  let fixture: Awaited<ReturnType<typeof makeNamespaces>> | null = null;
  try {
    fixture = await makeNamespaces(LAB, run, n);
    const { names } = fixture;

    // the renderer's live slice in a plain store
    const store = createStore<any>()((set, get, api) => (createLiveSlice as any)(set, get, api));
    store.getState().liveBegin(LAB);
    let resyncs = 0;
    ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${new URL(server.url).searchParams.get('token')}`, { headers: { Origin: server.origin } });
    const socket = ws;
    let nextId = 1;
    const pending = new Map<number, (r: { ok: boolean }) => void>();
    const call = (method: string, params: unknown) => new Promise<{ ok: boolean }>((resolve) => { const id = nextId++; pending.set(id, resolve); socket.send(JSON.stringify({ id, method, params })); });
    socket.on('message', (d) => {
      const f = JSON.parse(d.toString()) as { id?: number; reply?: { ok: boolean }; event?: string; payload?: LiveEvent };
      if (f.id !== undefined) { pending.get(f.id)?.(f.reply!); pending.delete(f.id); return; }
      if (f.event === 'live' && f.payload) {
        if (store.getState().onLive(f.payload) === 'resync') { resyncs++; void call('watchStart', { lab: LAB }); }
      }
    });
    await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
    let t = performance.now();
    const snap = new Promise<void>((resolve) => { const off = store.subscribe((s: any) => { if (s.live.state && Object.keys(s.live.state.namespaces).length === n) { off(); resolve(); } }); });
    const r = await call('watchStart', { lab: LAB, intervalMs: 0 });
    if (!r.ok) throw new Error(`watchStart: ${JSON.stringify(r)}`);
    await Promise.race([snap, sleep(60_000).then(() => { throw new Error('no full snapshot within 60 s'); })]);
    row.snapshotToStoreMs = Math.round(performance.now() - t);

    const adminUp = (ns: string): boolean | undefined => store.getState().live.state?.namespaces[ns]?.links.find((l: { name: string }) => l.name === 'va')?.adminUp;
    const lat: number[] = [];
    for (let k = 0; k < SAMPLES; k++) {
      const ns = names[Math.floor(Math.random() * n)]!;
      const up = !adminUp(ns);
      const seen = new Promise<void>((resolve) => { const off = store.subscribe(() => { if (adminUp(ns) === up) { off(); resolve(); } }); });
      const t0 = performance.now();
      await execa('ip', ['-n', ns, 'link', 'set', 'dev', 'va', up ? 'up' : 'down']);
      if (await Promise.race([seen.then(() => true), sleep(5000).then(() => false)])) lat.push(performance.now() - t0);
      await sleep(30);
    }
    row.latencyP50Ms = +pct(lat, 50).toFixed(1);
    row.latencyP95Ms = +pct(lat, 95).toFixed(1);
    row.samples = lat.length;
    row.resyncs = resyncs;

    const helperPid = [...childrenOf(process.pid)].find((p) => !before.has(p));
    if (helperPid === undefined) throw new Error('helper process not found');
    const measure = async () => {
      const h0 = helperCpu(helperPid), s0 = cpuOf(process.pid), w0 = performance.now();
      await sleep(CPU_WINDOW_MS);
      const wall = performance.now() - w0;
      return { helper: ((helperCpu(helperPid) - h0) / wall) * 100, self: ((cpuOf(process.pid) - s0) / wall) * 100 };
    };
    const idle = await measure();
    await call('watchInterval', { lab: LAB, intervalMs: 1000 });
    await sleep(1500);
    const sampling = await measure();
    row.helperIdleCpuPct = +idle.helper.toFixed(2);
    row.helperSamplingCpuPct = +sampling.helper.toFixed(2);
    row.samplerCpuSharePct = +(sampling.helper - idle.helper).toFixed(2);
    row.clientStoreCpuPct = +sampling.self.toFixed(2);
    row.counterNodesInStore = new Set(Object.keys(store.getState().live.counters).map((k) => k.split('/')[0])).size;
    await call('watchStop', { lab: LAB });
  } finally {
    ws?.close();
    await server.close().catch(() => {});
    await backend.close().catch(() => {});
    await fixture?.remove();
    rmSync(staticDir, { recursive: true, force: true });
  }
  return row;
}

const results: Record<string, number>[] = [];
try {
  for (const n of SIZES.length ? SIZES : [50, 200]) {
    process.stderr.write(`live: ${n} namespaces (helper + WebSocket + renderer live slice)…\n`);
    results.push(await bench(n));
  }
} finally {
  rmSync(runDir, { recursive: true, force: true });
}
writeResults('live-store.json', {
  measured: 'ip link set (start) → helper ip monitor → LabWatcher re-read/diff → helper stdout frame → host HelperClient → backend → web server WebSocket → Node ws client → renderer live slice onLive/applyLiveDiff → store subscriber',
  units: { latency: 'ms', cpu: '% of one core over 10 s; helper = helper process + its ip monitor children; samplerCpuSharePct = with 1 Hz counters minus without' },
}, results);
process.exit(0);
