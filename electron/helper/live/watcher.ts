/**
 * The live view of one lab: a monitor per namespace (monitor.ts) says WHAT changed, a coalesced
 * re-read with `ip -j` (read.ts) says HOW it is now, and the pure diff (shared/state/live.ts)
 * turns that into typed diffs for subscribers. One snapshot first, then diffs; counters and
 * drift ride on the same stream.
 *
 * Namespaces come and go with `nslab up` / `down`: /run/netns is watched (inotify) and polled
 * slowly as a safety net; the ledger decides which namespaces are the lab's.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { LAB_NAME } from '../../../shared/net/names';
import type { Lab } from '../../../shared/lab/schema';
import type { PlannedOp } from '../../../shared/protocol/api';
import { diffLiveNs, type LiveDiff, type LiveEvent, type LiveNs, type LiveState } from '../../../shared/state/live';
import { runPool } from '../kernel/pool';
import { driftFromLive, extraSysctlKeys } from './drift';
import { startMonitor, type Monitor } from './monitor';
import type { MonitorEvent } from './monitor-parse';
import { labNamespaces, NETNS_DIR } from './owned';
import { readLiveNs } from './read';
import { DEFAULT_INTERVAL_MS, startSampler, type Sampler } from './sampler';

export interface WatchOptions {
  /** counter sampling interval in ms; 0 = no counters (default 1000) */
  intervalMs?: number;
  /** how long to gather a burst of kernel events before re-reading (default 20 ms) */
  coalesceMs?: number;
  /** drift is computed this long after the last change (default 200 ms) */
  driftDelayMs?: number;
  /** safety-net poll of /run/netns and the ledger (default 2000 ms) */
  pollMs?: number;
}

interface NsEntry {
  ns: string;
  node: string;
  monitor: Monitor | null;
  /** the first full read is done; until then events only mark it dirty */
  ready: boolean;
  dirty: { core: boolean; neigh: boolean };
  reading: boolean;
  restarts: number;
}

type Listener = (e: LiveEvent) => void;

export class LabWatcher {
  private state: LiveState;
  private seq = 0;
  private snapshotTaken = false;
  private readonly entries = new Map<string, NsEntry>();
  private readonly listeners = new Set<Listener>();
  private spec: Lab | null = null;
  private specKey = '';
  private sysctlKeys = new Map<string, string[]>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing = false;
  private kernelAt: number | null = null;
  private driftTimer: NodeJS.Timeout | undefined;
  private lastDrift: PlannedOp[] | null = null;
  private lastDriftKey: string | undefined;
  private sampler: Sampler | null = null;
  private readonly fsWatchers: FSWatcher[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | null = null;
  private reconcileAgain = false;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(readonly lab: string, private readonly opts: Required<WatchOptions>) {
    this.state = { lab, namespaces: {} };
  }

  /**
   * Start watching a lab (it need not be running yet: its namespaces are picked up when they appear).
   *
   * @example
   *   const w = await LabWatcher.start('demo');
   *   const off = w.subscribe((e) => console.log(e.type));
   *   …; off(); await w.stop();
   */
  static async start(lab: string, opts: WatchOptions = {}): Promise<LabWatcher> {
    if (!LAB_NAME.test(lab)) throw new Error(`"${lab}" is not a lab name`);
    const w = new LabWatcher(lab, {
      intervalMs: opts.intervalMs ?? DEFAULT_INTERVAL_MS,
      coalesceMs: opts.coalesceMs ?? 20,
      driftDelayMs: opts.driftDelayMs ?? 200,
      pollMs: opts.pollMs ?? 2000,
    });
    try {
      await w.init();
    } catch (e) {
      await w.stop();
      throw e;
    }
    return w;
  }

  /** The current state (a new object after every change; never mutated). */
  get current(): LiveState { return this.state; }

  /** The last drift computed after a change: null when the ledger holds no lab file. */
  get drift(): PlannedOp[] | null { return this.lastDrift; }

  /** pids of the running monitor processes (one per namespace). */
  pids(): number[] {
    return [...this.entries.values()].flatMap((e) => (e.monitor ? [e.monitor.pid] : []));
  }

  /** Listen; the listener gets the snapshot at once, then every change. Returns an unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.snapshotTaken) {
      listener({ type: 'snapshot', lab: this.lab, seq: this.seq, state: this.state });
      if (this.lastDriftKey !== undefined) listener({ type: 'drift', lab: this.lab, ops: this.lastDrift });
    }
    return () => { this.listeners.delete(listener); };
  }

  /** Change the counter interval (0 stops counters). */
  setInterval(ms: number): void {
    if (ms <= 0) { this.sampler?.stop(); this.sampler = null; return; }
    if (this.sampler) this.sampler.setInterval(ms);
    else this.sampler = startSampler(() => this.sampleTargets(), (samples) => this.emit({ type: 'counters', lab: this.lab, samples }), ms);
  }

  /** Compute drift now from the state held (no process). */
  driftNow(): PlannedOp[] | null {
    return this.spec ? driftFromLive(this.spec, this.state) : null;
  }

  /** Stop every monitor process and timer; resolves when all processes have exited. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.driftTimer);
    clearInterval(this.pollTimer);
    for (const t of this.timers) clearTimeout(t);
    for (const w of this.fsWatchers) w.close();
    this.sampler?.stop();
    this.listeners.clear();
    const exits = [...this.entries.values()].flatMap((e) => (e.monitor ? [e.monitor] : [])).map((m) => { m.stop(); return m.exited; });
    this.entries.clear();
    await Promise.all(exits);
    // a reconcile in flight may have started a monitor after the loop above; it stops itself
    await this.reconciling?.catch(() => {});
  }

  // ---------------------------------------------------------------- lifecycle

  private async init(): Promise<void> {
    this.watchNetnsDir();
    this.pollTimer = setInterval(() => void this.reconcile(), this.opts.pollMs);
    await this.reconcile();
    this.snapshotTaken = true;
    this.emit({ type: 'snapshot', lab: this.lab, seq: ++this.seq, state: this.state });
    if (this.opts.intervalMs > 0) this.setInterval(this.opts.intervalMs);
    this.scheduleDrift();
    this.scheduleFlush();
  }

  /** inotify on /run/netns: a removed namespace loses its monitor at once (see onNetnsChange). */
  private watchNetnsDir(): void {
    const target = existsSync(NETNS_DIR) ? NETNS_DIR : '/run';
    try {
      const w = watch(target, (_type, file) => {
        if (target === '/run' && file !== 'netns') return;
        this.onNetnsChange(target === NETNS_DIR ? String(file ?? '') : '');
      });
      w.on('error', () => {});
      this.fsWatchers.push(w);
    } catch { /* the poll still runs */ }
  }

  /**
   * A monitor process keeps its namespace alive (it holds a reference), so after `ip netns del`
   * the namespace — and the veth peers in other namespaces — would linger until we let go. Drop
   * the monitor the moment its name leaves /run/netns, before the full reconcile.
   */
  private onNetnsChange(file: string): void {
    if (this.stopped) return;
    const e = file ? this.entries.get(file) : undefined;
    if (e?.monitor && !existsSync(`${NETNS_DIR}/${file}`)) { const m = e.monitor; e.monitor = null; m.stop(); this.sampler?.forget(m.pid); }
    if (file === '' && this.fsWatchers.length === 1 && existsSync(NETNS_DIR)) {
      // /run/netns appeared: watch it directly from now on
      this.fsWatchers.pop()!.close();
      this.watchNetnsDir();
    }
    void this.reconcile();
  }

  /** Bring the set of watched namespaces in line with the ledger and /run/netns. Serialised. */
  private reconcile(): Promise<void> {
    if (this.reconciling) { this.reconcileAgain = true; return this.reconciling; }
    this.reconciling = (async () => {
      do {
        this.reconcileAgain = false;
        await this.reconcileOnce().catch((e) => this.emit({ type: 'error', lab: this.lab, message: (e as Error).message }));
      } while (this.reconcileAgain && !this.stopped);
    })().finally(() => { this.reconciling = null; });
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    if (this.stopped) return;
    const { owned, spec } = await labNamespaces(this.lab);
    const key = JSON.stringify(spec);
    if (key !== this.specKey) {
      this.specKey = key;
      this.spec = spec;
      this.sysctlKeys = extraSysctlKeys(spec);
      this.scheduleDrift();
    }
    const diffs: LiveDiff[] = [];
    for (const [ns, e] of this.entries) {
      if (owned.has(ns)) continue;
      this.entries.delete(ns);
      e.monitor?.stop();
      if (e.monitor) this.sampler?.forget(e.monitor.pid);
      diffs.push(...this.setNs(ns, null));
    }
    const added = [...owned].filter(([ns]) => !this.entries.has(ns));
    for (const [ns, node] of added) this.entries.set(ns, { ns, node, monitor: null, ready: false, dirty: { core: false, neigh: false }, reading: false, restarts: 0 });
    await runPool(added.map(([ns]) => async () => {
      const e = this.entries.get(ns);
      if (!e || this.stopped) return;
      // monitor first, then read: a change between the two is caught by the monitor
      try { await this.attachMonitor(e); } catch (err) {
        this.emit({ type: 'error', lab: this.lab, ns, message: (err as Error).message });
      }
      const fresh = await readLiveNs(ns, e.node, null, undefined, { sysctlKeys: this.sysctlKeys.get(ns) ?? [] }).catch((err) => {
        this.emit({ type: 'error', lab: this.lab, ns, message: (err as Error).message });
        return null;
      });
      if (this.entries.get(ns) !== e || this.stopped) return;
      if (fresh) { diffs.push(...this.setNs(ns, fresh)); e.ready = true; }
      else { this.entries.delete(ns); e.monitor?.stop(); }
    }), 8);
    if (this.snapshotTaken) this.publish(diffs);
    if ([...this.entries.values()].some((e) => e.dirty.core || e.dirty.neigh)) this.scheduleFlush();
  }

  private async attachMonitor(e: NsEntry): Promise<void> {
    const m = await startMonitor(e.ns, {
      onEvents: (evs) => this.onEvents(e, evs),
      onExit: (reason) => this.onMonitorExit(e, m, reason),
    });
    if (this.stopped || this.entries.get(e.ns) !== e) { m.stop(); await m.exited; return; }
    e.monitor = m;
    await m.ready;
  }

  /** A monitor died while its namespace may still exist: start another and read the namespace afresh. */
  private onMonitorExit(e: NsEntry, m: Monitor, reason: string): void {
    if (this.stopped || this.entries.get(e.ns) !== e) return;
    if (e.monitor === m) e.monitor = null;
    this.sampler?.forget(m.pid);
    if (!existsSync(`${NETNS_DIR}/${e.ns}`)) { void this.reconcile(); return; }
    const delay = Math.min(5000, 100 * 2 ** e.restarts++);
    this.later(delay, async () => {
      if (this.stopped || this.entries.get(e.ns) !== e || e.monitor) return;
      try {
        await this.attachMonitor(e);
      } catch (err) {
        this.emit({ type: 'error', lab: this.lab, ns: e.ns, message: `ip monitor stopped (${reason}); restart failed: ${(err as Error).message}` });
        return;
      }
      e.dirty = { core: true, neigh: true };
      this.scheduleFlush();
    });
  }

  // ---------------------------------------------------------------- events → diffs

  private onEvents(e: NsEntry, evs: MonitorEvent[]): void {
    for (const ev of evs) {
      if (ev.kind === 'neigh') e.dirty.neigh = true;
      else e.dirty.core = true;
      if (this.kernelAt === null && ev.at !== null) this.kernelAt = ev.at;
    }
    this.scheduleFlush();
  }

  /** Gather a burst: the re-read runs `coalesceMs` after its first event. */
  private scheduleFlush(): void {
    if (this.flushTimer || this.stopped || !this.snapshotTaken) return;
    this.flushTimer = setTimeout(() => { this.flushTimer = undefined; void this.flush(); }, this.opts.coalesceMs);
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    const kernelAt = this.kernelAt;
    this.kernelAt = null;
    const diffs: LiveDiff[] = [];
    let gone = false;
    try {
      const due = [...this.entries.values()].filter((e) => e.ready && !e.reading && (e.dirty.core || e.dirty.neigh));
      await runPool(due.map((e) => async () => {
        const parts = e.dirty;
        e.dirty = { core: false, neigh: false };
        e.reading = true;
        try {
          const fresh = await readLiveNs(e.ns, e.node, this.state.namespaces[e.ns] ?? null, parts, { sysctlKeys: this.sysctlKeys.get(e.ns) ?? [] });
          if (this.entries.get(e.ns) !== e || this.stopped) return;
          if (fresh) diffs.push(...this.setNs(e.ns, fresh));
          else gone = true;
        } catch (err) {
          this.emit({ type: 'error', lab: this.lab, ns: e.ns, message: (err as Error).message });
        } finally {
          e.reading = false;
        }
      }), 8);
    } finally {
      this.flushing = false;
    }
    this.publish(diffs, kernelAt);
    if (gone) void this.reconcile();
    if ([...this.entries.values()].some((e) => e.dirty.core || e.dirty.neigh)) this.scheduleFlush();
  }

  /** Replace one namespace's state; returns the diffs. */
  private setNs(ns: string, fresh: LiveNs | null): LiveDiff[] {
    const diffs = diffLiveNs(this.state.namespaces[ns] ?? null, fresh);
    if (diffs.length === 0) return diffs;
    const namespaces = { ...this.state.namespaces };
    if (fresh) namespaces[ns] = fresh; else delete namespaces[ns];
    this.state = { ...this.state, namespaces };
    return diffs;
  }

  private publish(diffs: LiveDiff[], kernelAt: number | null = null): void {
    if (diffs.length === 0 || this.stopped) return;
    this.emit({ type: 'diff', lab: this.lab, seq: ++this.seq, diffs, kernelAt });
    this.scheduleDrift();
  }

  // ---------------------------------------------------------------- drift, counters, plumbing

  /** Debounced: drift is computed once the kernel has been quiet for `driftDelayMs`. */
  private scheduleDrift(): void {
    if (this.stopped || !this.snapshotTaken) return;
    clearTimeout(this.driftTimer);
    this.driftTimer = setTimeout(() => {
      if (this.stopped) return;
      let ops: PlannedOp[] | null;
      try { ops = this.driftNow(); } catch (e) { this.emit({ type: 'error', lab: this.lab, message: `drift: ${(e as Error).message}` }); return; }
      const key = JSON.stringify(ops?.map((o) => o.command) ?? null);
      this.lastDrift = ops;
      if (key === this.lastDriftKey) return;
      this.lastDriftKey = key;
      this.emit({ type: 'drift', lab: this.lab, ops });
    }, this.opts.driftDelayMs);
  }

  private sampleTargets() {
    return [...this.entries.values()].flatMap((e) => (e.monitor && e.ready ? [{ ns: e.ns, node: e.node, pid: e.monitor.pid }] : []));
  }

  private later(ms: number, fn: () => void | Promise<void>): void {
    const t = setTimeout(() => { this.timers.delete(t); void fn(); }, ms);
    this.timers.add(t);
  }

  private emit(e: LiveEvent): void {
    for (const l of this.listeners) {
      try { l(e); } catch { /* a listener's bug must not stop the stream */ }
    }
  }
}
