/**
 * The `live` part of a one-shot status: neighbours and counters of each namespace, one
 * `ip -s -j -b -` process per namespace (a watcher reads counters without processes; a single
 * status call has no long-lived process to read through).
 */
import type { IfaceCounters } from '../../../shared/state/counters';
import type { LiveNeighbour } from '../../../shared/state/live';
import { splitJsonValues } from '../kernel/observe-parse';
import { runPool } from '../kernel/pool';
import { runBatch } from '../kernel/run';
import { parseNeighbours } from './neigh-parse';

export interface NsLive { neighbours: LiveNeighbour[]; counters: Record<string, IfaceCounters> }

/** `ip -s -j link show` → cumulative counters per interface. */
export function parseLinkStats(json: unknown): Record<string, IfaceCounters> {
  const out: Record<string, IfaceCounters> = {};
  for (const l of Array.isArray(json) ? json : []) {
    const s = l?.stats64 ?? l?.stats;
    if (typeof l?.ifname !== 'string' || !s?.rx || !s?.tx) continue;
    const n = (v: unknown) => (typeof v === 'number' ? v : 0);
    out[l.ifname] = {
      rxBytes: n(s.rx.bytes), rxPackets: n(s.rx.packets), rxErrors: n(s.rx.errors), rxDrops: n(s.rx.dropped),
      txBytes: n(s.tx.bytes), txPackets: n(s.tx.packets), txErrors: n(s.tx.errors), txDrops: n(s.tx.dropped),
    };
  }
  return out;
}

/** Neighbours and counters per namespace; a namespace that cannot be read is left out. */
export async function readStatusLive(namespaces: string[]): Promise<Record<string, NsLive>> {
  const out: Record<string, NsLive> = {};
  await runPool(namespaces.map((ns) => async () => {
    const r = await runBatch('ip', ns, [['link', 'show'], ['neigh', 'show']], { flags: ['-s', '-j'], timeoutMs: 10_000 });
    if (!r.ok) return;
    const [links, neigh] = splitJsonValues(r.stdout);
    out[ns] = { neighbours: parseNeighbours(neigh), counters: parseLinkStats(links) };
  }), 8);
  return out;
}
