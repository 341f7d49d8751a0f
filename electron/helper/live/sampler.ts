/**
 * Counter sampler. Each round reads /proc/<pid>/net/dev for one process living in each
 * namespace (the namespace's `ip monitor`): a plain file read, no process started per sample.
 * bench/live.ts measures it against `ip -s -j link` per namespace.
 */
import { readFile } from 'node:fs/promises';
import { withRates, type CounterSample, type IfaceCounters } from '../../../shared/state/counters';
import { parseNetDev } from './netdev-parse';

export interface SampleTarget { ns: string; node: string; pid: number }

export interface Sampler {
  setInterval(ms: number): void;
  /** one round now (also what the timer runs) */
  sampleNow(): Promise<CounterSample[]>;
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
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let busy = false;
  let interval = Math.max(MIN_INTERVAL_MS, intervalMs);

  async function sampleNow(): Promise<CounterSample[]> {
    const list = targets();
    const live = new Set(list.map((t) => t.ns));
    for (const ns of prev.keys()) if (!live.has(ns)) prev.delete(ns);
    const rounds = await Promise.all(list.map(async (t): Promise<CounterSample | null> => {
      let text: string;
      try { text = await readFile(`/proc/${t.pid}/net/dev`, 'utf8'); } catch { return null; } // monitor just exited
      const at = Date.now();
      const counters = parseNetDev(text);
      const before = prev.get(t.ns);
      prev.set(t.ns, { at, counters });
      const ifaces: CounterSample['ifaces'] = {};
      for (const [name, c] of counters) ifaces[name] = withRates(before?.counters.get(name) ?? null, c, before ? at - before.at : 0);
      return { ns: t.ns, node: t.node, at, ifaces };
    }));
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
    stop() { stopped = true; clearTimeout(timer); },
  };
}
