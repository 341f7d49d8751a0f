/**
 * Live-state benchmark (not a test): `npx tsx bench/live.ts [50 200 …]` as root.
 *
 * For each size N: N plain namespaces `nslab-bench-<run>n<i>`, each with a veth pair va/vb inside,
 * registered in a throw-away ledger (NSLAB_RUN_DIR in a temp dir) so the real watcher path runs.
 * Measures:
 *  - snapshot time and processes per namespace;
 *  - kernel event → subscriber latency: `ip link set va up|down` in a random namespace, timed from
 *    just before the command starts, and from the monitor's own timestamp (ip -ts), to the
 *    moment the matching diff reaches a subscriber;
 *  - counter sampling CPU at 1 Hz: /proc/<monitor pid>/net/dev reads (this process's CPU) against
 *    the alternative of one `ip -s -j link` process per namespace (children's CPU included).
 * Everything it creates is deleted in finally. Prints a table; writes bench/results/live.json.
 */
import { readFileSync, rmSync } from 'node:fs';
import { execa } from 'execa';
import type { LiveEvent } from '../shared/state/live';
import { makeNamespaces, pct, procCpuMs, sleep, useTempRunDir, writeResults } from './live-fixture';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [50, 200];
const LAB = 'bench';
const run = Math.random().toString(36).slice(2, 6);
const LATENCY_SAMPLES = 40;
const CPU_WINDOW_MS = 10_000;

// the watcher reads the ledger from NSLAB_RUN_DIR: a temp dir keeps the bench away from real labs
const runDir = useTempRunDir('nslab-bench-');
const { LabWatcher } = await import('../electron/helper/live/watcher');
const { startSampler } = await import('../electron/helper/live/sampler');
const { runBatch } = await import('../electron/helper/kernel/run');

/** CPU of this process plus its reaped children, in ms. */
const cpuMs = () => procCpuMs('self');
const monitorCpuMs = (pids: number[]) => pids.reduce((sum, p) => sum + procCpuMs(p).self, 0);
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

async function bench(n: number) {
  const fixture = await makeNamespaces(LAB, run, n);
  const { names } = fixture;
  const row: Record<string, number> = { namespaces: n };
  try {

    let t = performance.now();
    const w = await LabWatcher.start(LAB, { intervalMs: 0 });
    row.snapshotMs = Math.round(performance.now() - t);
    try {
      row.processesPerNs = w.pids().length / n;
      row.monitorRssKb = Math.round(w.pids().slice(0, 10).map(rssKb).reduce((a, b) => a + b, 0) / Math.min(10, w.pids().length));

      // latency
      const fromCmd: number[] = [];
      const fromMonitor: number[] = [];
      let waiting: { ns: string; up: boolean; resolve: (e: Extract<LiveEvent, { type: 'diff' }>) => void } | null = null;
      w.subscribe((e) => {
        if (e.type !== 'diff' || !waiting) return;
        const hit = e.diffs.some((d) => d.kind === 'link' && d.op === 'change' && d.ns === waiting!.ns && d.value.name === 'va' && d.value.adminUp === waiting!.up);
        if (hit) { const r = waiting.resolve; waiting = null; r(e); }
      });
      const state = new Map<string, boolean>();
      for (let k = 0; k < LATENCY_SAMPLES; k++) {
        const ns = names[Math.floor(Math.random() * n)]!;
        const up = !(state.get(ns) ?? false);
        state.set(ns, up);
        const arrived = new Promise<Extract<LiveEvent, { type: 'diff' }>>((resolve) => { waiting = { ns, up, resolve }; });
        const t0 = performance.now();
        await execa('ip', ['-n', ns, 'link', 'set', 'dev', 'va', up ? 'up' : 'down']);
        const e = await Promise.race([arrived, sleep(5000).then(() => null)]);
        if (!e) { waiting = null; continue; }
        fromCmd.push(performance.now() - t0);
        if (e.kernelAt !== null) fromMonitor.push(Date.now() - e.kernelAt);
        await sleep(30);
      }
      row.latencyCmdP50 = +pct(fromCmd, 50).toFixed(1);
      row.latencyCmdP95 = +pct(fromCmd, 95).toFixed(1);
      row.latencyMonP50 = +pct(fromMonitor, 50).toFixed(1);
      row.latencyMonP95 = +pct(fromMonitor, 95).toFixed(1);
      row.latencySamples = fromCmd.length;

      // idle watcher, no counters: what the watcher costs by itself (poll of /run/netns + ledger)
      let c0 = cpuMs(); let m0 = monitorCpuMs(w.pids()); t = performance.now();
      await sleep(CPU_WINDOW_MS);
      let wall = performance.now() - t;
      row.idleWatcherCpuPct = +(((cpuMs().self - c0.self) / wall) * 100).toFixed(2);
      row.idleMonitorsCpuPct = +(((monitorCpuMs(w.pids()) - m0) / wall) * 100).toFixed(2);

      // sampler: /proc/<pid>/net/dev at 1 Hz
      const targets = w.pids().map((pid, i) => ({ ns: names[i]!, node: String(i), pid }));
      let samples = 0;
      const s = startSampler(() => targets, (x) => { samples += x.length; }, 1000);
      await sleep(500);
      c0 = cpuMs(); t = performance.now();
      await sleep(CPU_WINDOW_MS);
      wall = performance.now() - t;
      s.stop();
      row.samplerCpuPct = +(((cpuMs().self - c0.self) / wall) * 100 - row.idleWatcherCpuPct).toFixed(2);
      row.samplerRounds = Math.round(samples / n);

      // the alternative: one `ip -s -j link show` per namespace per round (3 rounds)
      c0 = cpuMs(); t = performance.now();
      const rounds = 3;
      for (let r = 0; r < rounds; r++) {
        const start = performance.now();
        await Promise.all(names.map((ns) => runBatch('ip', ns, [['link', 'show']], { flags: ['-s', '-j'] })));
        await sleep(Math.max(0, 1000 - (performance.now() - start)));
      }
      wall = performance.now() - t;
      const c1 = cpuMs();
      row.spawnSamplerCpuPct = +((((c1.self - c0.self) + (c1.children - c0.children)) / wall) * 100).toFixed(1);
    } finally {
      await w.stop();
    }
  } finally {
    await fixture.remove();
  }
  return row;
}

const results: Record<string, number>[] = [];
try {
  for (const n of SIZES) {
    process.stderr.write(`bench: ${n} namespaces…\n`);
    results.push(await bench(n));
  }
} finally {
  rmSync(runDir, { recursive: true, force: true });
}

writeResults('live.json', {
  units: {
    snapshotMs: 'ms', latencyCmd: 'ms from `ip link set` start to diff at subscriber', latencyMon: 'ms from ip monitor timestamp to diff at subscriber',
    cpuPct: '% of one core over a 10 s window', monitorRssKb: 'kB per ip monitor process',
  },
}, results);
