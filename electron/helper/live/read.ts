/**
 * Read one namespace's live state: the kernel observer (links, addresses, routes, forwarding,
 * managed qdiscs and sysctls — one `ip -b` process) plus neighbours (one `ip -j neigh` process).
 * After events only the parts that changed are read again.
 */
import type { LiveNeighbour, LiveNs } from '../../../shared/state/live';
import { observeNamespaces } from '../kernel/observer';
import { splitJsonValues } from '../kernel/observe-parse';
import { runBatch } from '../kernel/run';
import { parseNeighbours } from './neigh-parse';

export interface ReadOptions {
  /** sysctl keys the lab manages in this namespace beyond forwarding */
  sysctlKeys?: string[];
}

/** What to read again: the observer's part (`core`), neighbours, or both. */
export interface ReadParts { core: boolean; neigh: boolean }

const NO_NS = /Cannot open network namespace|No such file or directory/;

/** null when the namespace is gone. */
export async function readNeighbours(ns: string): Promise<LiveNeighbour[] | null> {
  const r = await runBatch('ip', ns, [['neigh', 'show']], { flags: ['-j'], timeoutMs: 10_000 });
  if (!r.ok) {
    if (r.failedLine === null && NO_NS.test(r.message)) return null;
    throw new Error(`reading neighbours of ${ns}: ${r.message}`);
  }
  return parseNeighbours(splitJsonValues(r.stdout)[0]);
}

/**
 * Read `parts` of a namespace, keeping the rest from `prev`. null when the namespace is gone.
 *
 * @example await readLiveNs('nslab-lab-h1', 'h1', null) // full read
 */
export async function readLiveNs(ns: string, node: string, prev: LiveNs | null, parts: ReadParts = { core: true, neigh: true }, opts: ReadOptions = {}): Promise<LiveNs | null> {
  const core = !prev || parts.core;
  const neigh = !prev || parts.neigh;
  const [observed, neighbours] = await Promise.all([
    core ? observeNamespaces([ns], { sysctlKeys: () => opts.sysctlKeys ?? [] }).then((o) => o[ns] ?? null) : Promise.resolve(prev),
    neigh ? readNeighbours(ns) : Promise.resolve(prev!.neighbours),
  ]);
  if (!observed || !neighbours) return null;
  return { ns, node, links: observed.links, routes: observed.routes, sysctl: observed.sysctl, neighbours };
}
