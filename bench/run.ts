/**
 * `npm run bench`: nslab against a hand-written iproute2 script (and Mininet where installed),
 * side by side in one run, on generated chain and tree labs. Prints a table of times and ratios,
 * writes bench/results/<stamp>.json and a log–log plot <stamp>.png.
 *
 * Options: --sizes 50,200,1000  --topologies chain,tree  --mn-max 200 (0: no Mininet)
 *          --executor NAME (NSLAB_EXECUTOR for the engine process)  --reach-timeout 60000
 *          --live-sizes 50,200 (bench/live-store.ts: kernel event → renderer store)  --no-live
 *
 *          --no-renderer (skip bench/renderer.ts: open and pan the labs in Chromium)
 *
 * Everything it creates is named `nslab-bench-*` (nslab) or `benchsh-*` (the script), and it
 * removes exactly those namespaces at the end, on failure and on Ctrl-C too.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { resolveLab } from '../shared/lab/resolve';
import { nsName } from '../shared/net/names';
import type { ChildAsk, ChildReply, ChildRequest } from './engine-child';
import { writeHandScript } from './handscript';
import { benchLab, type BenchLab, type Topology } from './labs';
import { plotPng, type Series } from './plot';
import { incrementalChange } from './inc-change';
import { deltaOf } from '../shared/lab/delta';
import { HELPER_NODE_FLAGS } from '../electron/host/helper-launch';
import { linksNotUp, reachable } from './reach';
import { runMininet, type MininetRun } from './mininet';
import { DeletionClock, inodeRecencyApplies } from './inode-recency';

const run = promisify(execFile);
const here = import.meta.dirname;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,200,1000' },
    topologies: { type: 'string', default: 'chain,tree' },
    'mn-max': { type: 'string', default: '200' },
    executor: { type: 'string' },
    'reach-timeout': { type: 'string', default: '60000' },
    'no-renderer': { type: 'boolean', default: false },
    'live-sizes': { type: 'string', default: '50,200' },
    'no-live': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes!.split(',').map(Number);
const topologies = values.topologies!.split(',') as Topology[];
const mnMax = Number(values['mn-max']);
const reachTimeout = Number(values['reach-timeout']);
const pins = new DeletionClock(await inodeRecencyApplies());
/** Before a measured bring-up: ext4 reuses the pins' inodes deleted by earlier steps (inode-recency.ts). */
async function pinsSettle(): Promise<void> {
  const waited = await pins.settle();
  if (waited > 0) log(`  (waited ${(waited / 1000).toFixed(0)} s for ext4 to reuse the deleted namespace pins' inodes)`);
}

interface Row {
  topology: Topology;
  nodes: number;
  links: number;
  /** reupMs: `up` again straight after `down` (the 200-chain only; inode-recency.ts) */
  nslab: { upMs: number; readyMs: number; downMs: number; reupMs?: number; spawned: number; downSpawned: number; ops: number; peakMB: number; reachOk: boolean; linksDown: string[] };
  script: { upMs: number; readyMs: number; downMs: number; processes: number; reachOk: boolean; linksDown: string[] };
  /** the command's time; build and teardown from its own progress lines (mininet.ts) */
  mininet?: MininetRun | undefined;
  /**
   * The change sent as the app sends it (a delta against the revision the last apply returned);
   * `whole`: the same change sent as the whole lab, sampled alternately in the same run.
   * `deltaOfMs`: the median time deltaOf took here (the renderer's share, not in `ms`).
   */
  incremental?: {
    ms: number; ops: number; spawned: number; reachOk: boolean; phases: Record<string, number>; upPhases: Record<string, number>; samplesMs: number[]; samplePhases: Record<string, number>[];
    via: 'delta'; deltaOfMs: number; whole: { ms: number; phases: Record<string, number>; samplesMs: number[]; samplePhases: Record<string, number>[] };
  } | undefined;
}

// --- cleanup: exactly the namespaces this run created --------------------------------------
const created = new Set<string>();
const labsUp = new Set<string>();
let child: ChildProcess | null = null;

async function cleanup(): Promise<string[]> {
  child?.kill('SIGKILL');
  child = null;
  if (labsUp.size) {
    const { destroy } = await import('../electron/helper/engine');
    for (const name of labsUp) await destroy(name).catch(() => {});
    labsUp.clear();
  }
  const present = await netnsList();
  const mine = present.filter((n) => created.has(n));
  for (const n of mine) await run('ip', ['netns', 'del', n]).catch(() => {});
  return (await netnsList()).filter((n) => created.has(n));
}

process.on('SIGINT', () => { void cleanup().finally(() => process.exit(130)); });
process.on('SIGTERM', () => { void cleanup().finally(() => process.exit(143)); });

async function netnsList(): Promise<string[]> {
  const { stdout } = await run('ip', ['-j', 'netns', 'list']);
  return stdout.trim() ? (JSON.parse(stdout) as { name: string }[]).map((n) => n.name) : [];
}

// --- the engine in a child process --------------------------------------------------------
let nextId = 1;
let childBundle: string | null = null;
/**
 * The engine process runs the engine bundled by esbuild the way scripts/build-electron.mjs ships
 * the helper (plain node, no tsx loader), so its peak memory is the helper's, not a transpiler's.
 */
async function startChild(): Promise<ChildProcess> {
  if (!childBundle) {
    const { build } = await import('esbuild');
    childBundle = join(mkdtempSync(join(tmpdir(), 'nslab-bench-child-')), 'engine-child.mjs');
    await build({
      entryPoints: [join(here, 'engine-child.ts')], outfile: childBundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
      banner: { js: "import { createRequire as __nslabCreateRequire } from 'node:module'; const require = __nslabCreateRequire(import.meta.url);" },
    });
  }
  const env = { ...process.env, NSLAB_NATIVE: join(here, '..', 'build', 'nsfd.node'), ...(values.executor ? { NSLAB_EXECUTOR: values.executor } : {}) };
  // with the helper's own V8 flags, so its peak memory is the helper's
  return fork(childBundle, [], { env, execArgv: [...HELPER_NODE_FLAGS], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
function ask(c: ChildProcess, req: ChildAsk): Promise<Extract<ChildReply, { ok: true }>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`engine process exited (${code})`));
    const onMsg = (m: ChildReply) => {
      if (m.id !== id) return;
      c.off('message', onMsg);
      c.off('exit', onExit);
      if (m.ok) resolve(m); else reject(new Error(m.error));
    };
    c.on('message', onMsg);
    c.once('exit', onExit);
    c.send({ ...req, id } as ChildRequest);
  });
}
/** Peak resident memory of a process, in MB (VmHWM from /proc/PID/status). */
function peakMB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Network namespaces alive in the kernel, named or not — including deleted ones the kernel is
 * still tearing down (SLUB's object count of the net_namespace cache); null where not readable.
 */
function kernelNetnsObjects(): number | null {
  try { return Number(readFileSync('/sys/kernel/slab/net_namespace/objects', 'utf8').trim().split(/\s+/)[0]); } catch { return null; }
}
/**
 * The count when the run starts, taken once namespaces deleted before the run are gone (a
 * count read while the kernel still held earlier runs' dead namespaces — 200 here at one
 * start — would let every step begin with that much teardown pending).
 */
let baselineNetns: number | null = null;
async function takeBaseline(): Promise<void> {
  await flushDeadNamespaces();
  // (then until the count has not moved for a second, at most 30 s)
  let n = kernelNetnsObjects(), still = 0;
  for (let i = 0; i < 120 && n !== null && still < 4; i++) {
    await sleep(250);
    const m = kernelNetnsObjects();
    still = m === n ? still + 1 : 0;
    n = m;
  }
  baselineNetns = n;
}
/** Make and remove one empty namespace, which sets the kernel's pending teardown going (settle). */
async function flushDeadNamespaces(): Promise<void> {
  const name = 'nslab-bench-flush';
  created.add(name);
  await run('ip', ['netns', 'add', name]).catch(() => {});
  await run('ip', ['netns', 'del', name]).catch(() => {});
}

/**
 * Let the kernel finish tearing down namespaces of the previous step. `ip netns del` returns at
 * once; the kernel's cleanup_net then works through them in batches, holding locks that a new
 * `up` needs while the CPU looks idle (after the 1000-node steps, ~1000 namespaces were still
 * alive 30 s later, and the next step's `up` ran 3-6× slower). So: wait until the kernel's count
 * of network namespaces is back near where it was when the run started (at most 120 s), then
 * until the machine is mostly idle three samples running (at most 30 s).
 */
async function settle(): Promise<void> {
  const idle = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3]! + f[4]!, total: f.reduce((a, b) => a + b, 0) };
  };
  await sleep(500);
  if (baselineNetns !== null) {
    const named = async () => (await netnsList()).length;
    const deadline = Date.now() + 120_000;
    let n = kernelNetnsObjects(), still = 0;
    while (n !== null && n > baselineNetns + (await named()) + 16 && Date.now() < deadline) {
      // Dead namespaces are sometimes torn down only when the next one is made (here: 448 left
      // with none named, 35 a second after one `ip netns add` + `del`), so a count that has not
      // moved for 2 s is set going with a throwaway namespace, not waited out: otherwise the
      // teardown lands inside the next measured step (the 1000-chain's up took 4-11 s, not 2.3).
      if (still >= 8) { await flushDeadNamespaces(); still = 0; }
      await sleep(250);
      const m = kernelNetnsObjects();
      still = m === n ? still + 1 : 0;
      n = m;
    }
  }
  let quiet = 0;
  for (let i = 0; i < 120 && quiet < 3; i++) {
    const a = idle();
    await sleep(250);
    const b = idle();
    quiet = (b.idle - a.idle) / Math.max(1, b.total - a.total) > 0.6 ? quiet + 1 : 0;
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** incremental-change samples per run (bench/README.md "Incremental change") */
const INC_ROUNDS = 11;

// --- one size -----------------------------------------------------------------------------
async function measure(topology: Topology, n: number): Promise<Row> {
  const b: BenchLab = benchLab(topology, n);
  const lab = b.lab;
  const resolved = resolveLab(lab);
  const nslabNs = resolved.nodes.map((x) => x.ns);
  nslabNs.forEach((x) => created.add(x));
  log(`${topology} ${n}: ${resolved.nodes.length} nodes, ${resolved.links.length} links`);

  // 1. the hand-written script
  const hs = writeHandScript(lab);
  hs.namespaces.forEach((x) => created.add(x));
  const shFrom = hs.namespaces[resolved.nodes.findIndex((x) => x.name === b.from)]!;
  await pinsSettle(); // ext4 reuses the earlier steps' deleted pins' inodes (inode-recency.ts)
  await settle(); // the previous step's namespaces are gone from the kernel, not only from /run/netns
  let t0 = performance.now();
  await run('bash', [hs.up], { maxBuffer: 64 * 1024 * 1024 });
  const sUp = performance.now() - t0;
  const sReach = await ready(shFrom, b.toAddr, hs.namespaces);
  const sLinks = sReach.linksDown;
  t0 = performance.now();
  await run('bash', [hs.down]);
  const sDown = performance.now() - t0;
  pins.deleted();
  rmSync(hs.dir, { recursive: true, force: true });
  // ip netns add, ip netns exec (which execs sysctl in place) and ip -b, per namespace
  const scriptProcs = resolved.nodes.length * 3;
  log(`  script: up ${ms(sUp)}, ready ${ms(sUp + sReach.ms)} (${sReach.ok ? 'reached' : 'NOT reached: ' + sReach.last}), down ${ms(sDown)}`);
  await pinsSettle();
  await settle();

  // 2. nslab, in its own engine process
  child = await startChild();
  labsUp.add(lab.name);
  const up = await ask(child, { cmd: 'up', lab });
  const reach = await ready(nsName(lab.name, b.from), b.toAddr, nslabNs);
  const down0 = reach.linksDown;
  log(`  nslab:  up ${ms(up.ms)} (${up.ops} ops, ${up.spawned} processes), ready ${ms(up.ms + reach.ms)} (${reach.ok ? 'reached' : 'NOT reached: ' + reach.last})`);

  let incremental: Row['incremental'];
  if (topology === 'chain' && n === 200) {
    await settle();
    const changed = incrementalChange(lab);
    // One sample swings 2-4× on this machine: the change is applied INC_ROUNDS times (and undone
    // in between, unmeasured: the undo deletes a veth, which is the kernel's slow path), each time
    // from a settled machine like every other step (the undo's kernel work done, and the engine's
    // own re-read in the background finished, as it would be by the time a person makes the next
    // edit), and the median is reported with the range and the first sample, whose code is the
    // coldest. Reachability is checked after the last one.
    // Each round samples the change twice, in alternating order: as a delta against the revision
    // the undo's apply returned (what the app sends), and as the whole lab.
    type Sample = Awaited<ReturnType<typeof ask>>;
    const samples: Sample[] = [], wholeSamples: Sample[] = [], deltaOfMs: number[] = [];
    const undo = async () => {
      const r = await ask(child!, { cmd: 'up', lab });
      await settle();
      return r.revision!;
    };
    for (let i = 0; i < INC_ROUNDS; i++) {
      for (const kind of i % 2 ? ['whole', 'delta'] : ['delta', 'whole']) {
        const base = await undo();
        if (kind === 'whole') { wholeSamples.push(await ask(child, { cmd: 'up', lab: changed })); continue; }
        const t = performance.now();
        const body = deltaOf(lab, changed)!;
        deltaOfMs.push(performance.now() - t);
        samples.push(await ask(child, { cmd: 'delta', delta: { name: lab.name, base, ...body } }));
      }
    }
    const median = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((x, y) => key(x) - key(y))[Math.floor(xs.length / 2)]!;
    const sorted = [...samples].sort((x, y) => x.ms - y.ms);
    const inc = median(samples, (x) => x.ms), whole = median(wholeSamples, (x) => x.ms);
    const r2 = await reachable(nsName(lab.name, 'h1'), b.toAddr, reachTimeout);
    const r3 = await reachable(nsName(lab.name, 'r10'), '10.250.0.2', reachTimeout);
    incremental = {
      ms: inc.ms, ops: inc.ops, spawned: inc.spawned, reachOk: r2.ok && r3.ok, phases: inc.phases, upPhases: up.phases, samplesMs: samples.map((x) => x.ms), samplePhases: samples.map((x) => x.phases),
      via: 'delta', deltaOfMs: median(deltaOfMs, (x) => x),
      whole: { ms: whole.ms, phases: whole.phases, samplesMs: wholeSamples.map((x) => x.ms), samplePhases: wholeSamples.map((x) => x.phases) },
    };
    log(`  nslab:  incremental as a whole lab: median ${ms2(whole.ms)} of ${INC_ROUNDS} (${[...wholeSamples].sort((x, y) => x.ms - y.ms).map((x) => ms2(x.ms)).join(', ')}); ${phaseText(whole.phases)}`);
    log(`  nslab:  incremental as a delta: median ${ms2(inc.ms)} of ${INC_ROUNDS} (${sorted.map((x) => ms2(x.ms)).join(', ')}; first ${ms2(samples[0]!.ms)}; ${inc.ops} ops, ${inc.spawned} processes), ${incremental.reachOk ? 'reached' : 'NOT reached'}; ${phaseText(inc.phases)}`);
  }
  await settle();
  const down = await ask(child, { cmd: 'down', name: lab.name });
  pins.deleted();
  labsUp.delete(lab.name);
  const peak = peakMB(child.pid!);
  // a re-deploy straight after the down, as a person might: the kernel still tearing the lab
  // down, and (inode-recency.ts) the new pins scanning past the ones just deleted
  let reupMs: number | undefined;
  if (topology === 'chain' && n === 200) {
    labsUp.add(lab.name);
    reupMs = (await ask(child, { cmd: 'up', lab })).ms;
    await ask(child, { cmd: 'down', name: lab.name });
    pins.deleted();
    labsUp.delete(lab.name);
    log(`  nslab:  up again right after down: ${ms(reupMs)}`);
  }
  child.disconnect();
  child = null;
  const left = (await netnsList()).filter((x) => nslabNs.includes(x));
  if (left.length) throw new Error(`down left ${left.length} namespaces`);
  log(`  nslab:  down ${ms(down.ms)} (${down.spawned} processes); engine peak ${peak.toFixed(1)} MB`);
  await settle();

  // 3. Mininet at equal size: linear,K has K switches and K hosts
  let mininet: Row['mininet'];
  if (topology === 'chain' && mnMax > 0 && n <= mnMax && (await has('mn'))) {
    mininet = await runMininet(Math.round(n / 2));
    const split = mininet.buildMs !== null ? `: build ${ms(mininet.buildMs)}, teardown ${ms(mininet.teardownMs!)}` : '';
    log(`  mininet linear,${Math.round(n / 2)}: ${ms(mininet.ms)} (the command${split})${mininet.ok ? '' : ' FAILED'}`);
    await settle();
  }

  return {
    topology, nodes: resolved.nodes.length, links: resolved.links.length,
    nslab: { upMs: up.ms, readyMs: up.ms + reach.ms, downMs: down.ms, ...(reupMs !== undefined ? { reupMs } : {}), spawned: up.spawned, downSpawned: down.spawned, ops: up.ops, peakMB: peak, reachOk: reach.ok, linksDown: down0 },
    script: { upMs: sUp, readyMs: sUp + sReach.ms, downMs: sDown, processes: scriptProcs, reachOk: sReach.ok, linksDown: sLinks },
    mininet, incremental,
  };
}

/**
 * Until the far end answers a ping and every link's operstate is UP: the two checks run at once
 * (the ping is its own process; the link reads are this one's), and the step is ready when both
 * hold.
 */
async function ready(fromNs: string, addr: string, namespaces: string[]): Promise<{ ok: boolean; ms: number; last: string; linksDown: string[] }> {
  const t0 = performance.now();
  const links = (async () => {
    let down = await linksNotUp(namespaces);
    while (down.length && performance.now() - t0 < reachTimeout) {
      await sleep(20);
      down = await linksNotUp(namespaces);
    }
    return down;
  })();
  const [r, down] = await Promise.all([reachable(fromNs, addr, reachTimeout), links]);
  return { ok: r.ok, ms: performance.now() - t0, last: r.last, linksDown: down };
}

async function has(cmd: string): Promise<boolean> {
  return run('which', [cmd]).then(() => true, () => false);
}

const phaseText = (p: Record<string, number>) => Object.entries(p).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
/** (the incremental change's times, a few ms, to the hundredth) */
const ms2 = (v: number) => `${v.toFixed(2)} ms`;
const log = (s: string) => process.stderr.write(s + '\n');

function table(rows: Row[]): string {
  const head = ['topology', 'nodes', 'nslab up', 'ready', 'script up', 'ready', 'ratio (ready)', 'ratio (up)', 'procs nslab/script', 'down', 'script down', 'peak MB', 'mininet', 'mn/(ready+down)', 'mn build/ready'];
  const body = rows.map((r) => [
    r.topology, String(r.nodes), ms(r.nslab.upMs), ms(r.nslab.readyMs), ms(r.script.upMs), ms(r.script.readyMs),
    (r.nslab.readyMs / r.script.readyMs).toFixed(2), (r.nslab.upMs / r.script.upMs).toFixed(2),
    `${r.nslab.spawned}/${r.script.processes}`, ms(r.nslab.downMs), ms(r.script.downMs), r.nslab.peakMB.toFixed(0),
    // `mn --test none` builds and tears down: against nslab's up until ready plus its down; and
    // Mininet's build alone (its progress lines) against nslab's up until ready
    r.mininet ? ms(r.mininet.ms) : '–', r.mininet ? (r.mininet.ms / (r.nslab.readyMs + r.nslab.downMs)).toFixed(1) + '×' : '–',
    r.mininet?.buildMs ? (r.mininet.buildMs / r.nslab.readyMs).toFixed(1) + '×' : '–',
  ]);
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  const out = [line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...body.map(line)];
  for (const r of rows) if (r.incremental) {
    const share = (x: number) => `${((x / r.nslab.upMs) * 100).toFixed(2)}%`;
    out.push('', `incremental change on the running ${r.nodes}-node ${r.topology} (one link added, one address changed; median of ${r.incremental.samplesMs.length}), sent as a delta as the app does: ${ms2(r.incremental.ms)}, ${r.incremental.ops} ops, ${r.incremental.spawned} processes = ${share(r.incremental.ms)} of a full up (${ms(r.nslab.upMs)}; target 2%); deltaOf ${r.incremental.deltaOfMs.toFixed(3)} ms in the sender`,
      `  by phase (ms): ${phaseText(r.incremental.phases)}`,
      `  the same change sent as the whole lab, alternating in this run: ${ms2(r.incremental.whole.ms)} = ${share(r.incremental.whole.ms)}; by phase (ms): ${phaseText(r.incremental.whole.phases)}`,
      `  full up by phase (ms): ${phaseText(r.incremental.upPhases)}`);
  }
  return out.join('\n');
}

/** The live-state section (bench/live-store.ts) in its own process: it runs the real helper. */
async function liveSection(): Promise<Record<string, number>[] | null> {
  const sizesArg = values['live-sizes']!.split(',').filter(Boolean);
  log(`live: kernel event → renderer store, ${sizesArg.join(', ')} namespaces`);
  try {
    const r = await run(process.execPath, ['--import', 'tsx', join(here, 'live-store.ts'), ...sizesArg], { maxBuffer: 16 * 1024 * 1024, timeout: 900_000 });
    process.stderr.write(r.stderr);
    return (JSON.parse(readFileSync(join(here, 'results', 'live-store.json'), 'utf8')) as { results: Record<string, number>[] }).results;
  } catch (e) {
    log(`live section failed: ${(e as Error).message}`);
    return null;
  }
}

function liveTable(rows: Record<string, number>[]): string {
  const head = ['namespaces', 'event→store p50', 'p95', 'snapshot→store', 'helper CPU (no counters)', 'helper CPU (1 Hz counters)', 'sampler share', 'client+store CPU'];
  const body = rows.map((r) => [String(r.namespaces), `${r.latencyP50Ms} ms`, `${r.latencyP95Ms} ms`, ms(r.snapshotToStoreMs!), `${r.helperIdleCpuPct}%`, `${r.helperSamplingCpuPct}%`, `${r.samplerCpuSharePct}%`, `${r.clientStoreCpuPct}%`]);
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  return [line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const rows: Row[] = [];
  let failed: unknown;
  try {
    await takeBaseline();
    for (const n of sizes) for (const t of topologies) rows.push(await measure(t, n));
  } catch (e) {
    failed = e;
  }
  const left = await cleanup();
  const live = failed || values['no-live'] ? null : await liveSection();
  if (rows.length) {
    const out = join(here, 'results');
    mkdirSync(out, { recursive: true });
    const meta = { stamp, kernel: (await run('uname', ['-r'])).stdout.trim(), cpus: (await import('node:os')).cpus().length, executor: values.executor ?? process.env.NSLAB_EXECUTOR ?? 'default', node: process.version };
    writeFileSync(join(out, `${stamp}.json`), JSON.stringify({ meta, rows, live }, null, 1));
    const color = { chain: [[33, 102, 172], [214, 96, 77]], tree: [[67, 147, 195], [244, 165, 130]] } as const;
    const series: Series[] = [];
    for (const t of topologies) {
      const rs = rows.filter((r) => r.topology === t);
      series.push({ label: `nslab up ${t}`, color: [...color[t][0]], points: rs.map((r) => [r.nodes, r.nslab.readyMs / 1000]) });
      series.push({ label: `script up ${t}`, color: [...color[t][1]], dashed: true, points: rs.map((r) => [r.nodes, r.script.readyMs / 1000]) });
    }
    series.push({ label: 'nslab down chain', color: [27, 120, 55], points: rows.filter((r) => r.topology === 'chain').map((r) => [r.nodes, r.nslab.downMs / 1000]) });
    const mn = rows.filter((r) => r.mininet?.ok);
    if (mn.length) series.push({ label: 'mininet linear', color: [118, 42, 131], dashed: true, points: mn.map((r) => [r.nodes, r.mininet!.ms / 1000]) });
    writeFileSync(join(out, `${stamp}.png`), plotPng(`nslab up (until ping) vs hand-written iproute2, ${meta.cpus} cores`, series));
    console.log(table(rows));
    if (live) console.log(`\nlive state, kernel event → renderer store (helper + WebSocket bridge + renderer live slice; bench/live-store.ts):\n${liveTable(live)}`);
    console.log(`\nresults: bench/results/${stamp}.json, bench/results/${stamp}.png`);
  }
  if (left.length) console.error(`LEFT BEHIND: ${left.join(' ')}`);
  const bad = rows.filter((r) => !r.nslab.reachOk || !r.script.reachOk || r.nslab.linksDown.length || r.script.linksDown.length || (r.incremental && !r.incremental.reachOk));
  for (const r of bad) console.error(`CHECK FAILED ${r.topology} ${r.nodes}: ${JSON.stringify({ nslabReach: r.nslab.reachOk, scriptReach: r.script.reachOk, nslabLinksDown: r.nslab.linksDown.slice(0, 5), scriptLinksDown: r.script.linksDown.slice(0, 5) })}`);
  if (failed) { console.error(failed); process.exitCode = 1; }
  if (bad.length || left.length) process.exitCode = 1;
}

await main();

// The renderer section (bench/renderer.ts): the same sizes and topologies opened and panned in
// headless Chromium through the e2e harness's web server; its own results file.
if (!values['no-renderer']) {
  const { rendererTable, runRendererBench } = await import('./renderer');
  try {
    const r = await runRendererBench({ sizes, topologies });
    console.log(`\nrenderer (open and pan in headless Chromium, trace-measured; bench/renderer.ts):\n${rendererTable(r.rows)}\n\nresults: ${r.file.slice(r.file.indexOf('bench/'))}`);
  } catch (e) {
    console.error('renderer section failed:', e);
    process.exitCode = 1;
  }
}
