/**
 * Counter sampler. Each round reads /proc/<pid>/net/dev for one process living in each
 * namespace (the namespace's `ip monitor`): a plain file read, no process started per sample.
 * bench/live.ts measures it against `ip -s -j link` per namespace.
 *
 * Each file stays open between rounds and is re-read with a positioned read at offset 0 (the
 * kernel's seq_file regenerates it from the start), saving an open and a close per namespace per
 * round. The reads are synchronous, one after another on the main thread, into one buffer: a
 * /proc/net/dev read takes only the RCU read lock, ~10 µs, and never blocks. (A first version read
 * all namespaces concurrently through the thread pool into one shared buffer, so one namespace's
 * text could be decoded after another's read had overwritten it — counters went to the wrong node.)
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { withRates, type CounterSample, type IfaceCounters } from '../../../shared/state/counters';
import { parseNetDev } from './netdev-parse';

export interface SampleTarget { ns: string; node: string; pid: number }

export interface Sampler {
  setInterval(ms: number): void;
  /** one round now (also what the timer runs) */
  sampleNow(): Promise<CounterSample[]>;
  /**
   * Close the file held for this pid now. An open /proc/<pid>/net/dev holds its namespace (and
   * the veth peers in other namespaces) alive, so the watcher calls this the moment it lets a
   * namespace's monitor go; otherwise the next round closes files of pids no longer sampled.
   */
  forget(pid: number): void;
  stop(): void;
}

export const DEFAULT_INTERVAL_MS = 1000;
export const MIN_INTERVAL_MS = 100;

/**
 * @example const s = startSampler(() => targets, (samples) => emit(samples), 1000)
 */
export function startSampler(targets: () => SampleTarget[], onSamples: (s: CounterSample[]) => void, intervalMs = DEFAULT_INTERVAL_MS): Sampler {
  // previous reading per namespace, with the pid it came from (a restarted monitor is a new pid,
  // but the namespace and its counters are the same, so rates carry on)
  const prev = new Map<string, { at: number; counters: Map<string, IfaceCounters> }>();
  const files = new Map<number, number>(); // pid → fd of its /proc/<pid>/net/dev
  let buf = Buffer.alloc(16 * 1024);
  const readNetDev = (pid: number): string => {
    let fd = files.get(pid);
    if (fd === undefined) { fd = openSync(`/proc/${pid}/net/dev`, 'r'); files.set(pid, fd); }
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, 0);
        if (n < buf.length) return buf.toString('utf8', 0, n);
        buf = Buffer.alloc(buf.length * 2); // more interfaces than fit: read it again, whole
      }
    } catch (e) {
      files.delete(pid);
      closeSync(fd);
      throw e;
    }
  };
  const closeStale = (pids: Set<number>) => {
    for (const [pid, fd] of files) if (!pids.has(pid)) { files.delete(pid); try { closeSync(fd); } catch { /* already gone */ } }
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let busy = false;
  let interval = Math.max(MIN_INTERVAL_MS, intervalMs);

  async function sampleNow(): Promise<CounterSample[]> {
    const list = targets();
    const live = new Set(list.map((t) => t.ns));
    closeStale(new Set(list.map((t) => t.pid)));
    for (const ns of prev.keys()) if (!live.has(ns)) prev.delete(ns);
    const rounds = list.map((t): CounterSample | null => {
      let text: string;
      try { text = readNetDev(t.pid); } catch { return null; } // monitor just exited
      const at = Date.now();
      const counters = parseNetDev(text);
      const before = prev.get(t.ns);
      prev.set(t.ns, { at, counters });
      const ifaces: CounterSample['ifaces'] = {};
      for (const [name, c] of counters) ifaces[name] = withRates(before?.counters.get(name) ?? null, c, before ? at - before.at : 0);
      return { ns: t.ns, node: t.node, at, ifaces };
    });
    return rounds.filter((r): r is CounterSample => r !== null);
  }

  const tick = async () => {
    if (stopped) return;
    // a slow round (a loaded machine) is not stacked on top of another one
    if (!busy) {
      busy = true;
      try { const s = await sampleNow(); if (!stopped && s.length) onSamples(s); } finally { busy = false; }
    }
    if (!stopped) timer = setTimeout(tick, interval);
  };
  timer = setTimeout(tick, 0);

  return {
    setInterval(ms) { interval = Math.max(MIN_INTERVAL_MS, ms); clearTimeout(timer); if (!stopped) timer = setTimeout(tick, interval); },
    sampleNow,
    forget(pid) { const fd = files.get(pid); if (fd !== undefined) { files.delete(pid); try { closeSync(fd); } catch { /* gone */ } } },
    stop() { stopped = true; clearTimeout(timer); closeStale(new Set()); },
  };
}
