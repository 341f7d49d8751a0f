/**
 * Reads the kernel's view of a lab's namespaces. Per namespace one `ip -d -j -n NS -b -` process
 * answers links, addresses, routes and forwarding together; tc and sysctl are asked only when
 * a link has a managed qdisc or the lab sets other sysctls.
 */
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { FORWARDING_KEYS } from '../../../shared/lab/resolve';
import type { ObservedLab, ObservedNs } from '../../../shared/state/observed';
import { MANAGED_QDISCS, parseForwarding, parseLinks, parseRoutes, parseTcQdiscs, splitJsonValues } from './observe-parse';
import { runPool } from './pool';
import { readSysctl, runBatch, runCommand } from './run';
import { NETNS_DIR, nsfd } from './nl/native';
import { observeFast } from './nl/observe';
import { NetnsInodes } from './netns-watch';

export interface ObserveOptions {
  /** sysctl keys the lab manages in a namespace, beyond forwarding (read only when non-empty) */
  sysctlKeys?: (ns: string) => string[];
  /** namespaces read at once (default 8) */
  concurrency?: number;
}

/** The four questions, one batch line each; iproute2 answers each with one JSON array. */
export const OBSERVE_LINES = [
  ['link', 'show'],
  ['addr', 'show'],
  ['route', 'show', 'table', 'all'],
  ['netconf', 'show'],
];

/** Namespaces that disappeared between listing and reading are simply absent. */
const NO_NS = /Cannot open network namespace|No such file or directory/;

export class ObserveError extends Error {
  constructor(readonly ns: string, message: string) {
    super(`reading namespace ${ns}: ${message}`);
    this.name = 'ObserveError';
  }
}

/**
 * Observe `nsNames`; a namespace that does not exist is left out of the result.
 *
 * @example const seen = await observeNamespaces(['nslab-lab-h1', 'nslab-lab-r1'])
 */
export async function observeNamespaces(nsNames: string[], opts: ObserveOptions = {}): Promise<ObservedLab> {
  const unique = [...new Set(nsNames)];
  const results = await runPool(unique.map((ns) => () => observeOne(ns, opts)), opts.concurrency ?? 8);
  const lab: ObservedLab = {};
  results.forEach((r) => { if (r) lab[r.ns] = r; });
  return lab;
}

async function observeOne(ns: string, opts: ObserveOptions): Promise<ObservedNs | null> {
  // Without a process where the nsfd addon is built (nl/observe.ts): same answers, same model.
  const native = nsfd();
  if (native) return observeFast(native, ns, (opts.sysctlKeys?.(ns) ?? []).filter((k) => !(FORWARDING_KEYS as readonly string[]).includes(k)));
  const r = await runBatch('ip', ns, OBSERVE_LINES, { flags: ['-d', '-j'] });
  if (!r.ok) {
    if (r.failedLine === null && NO_NS.test(r.message)) return null;
    throw new ObserveError(ns, r.message);
  }
  const values = splitJsonValues(r.stdout);
  if (values.length !== OBSERVE_LINES.length) throw new ObserveError(ns, `expected ${OBSERVE_LINES.length} JSON answers from ip, got ${values.length}`);
  const [linksJson, addrJson, routesJson, netconfJson] = values;
  const links = parseLinks(linksJson, addrJson);

  if (links.some((l) => MANAGED_QDISCS.has(rawQdiscKind(linksJson, l.name)))) {
    const tc = await runBatch('tc', ns, [['qdisc', 'show']], { flags: ['-j'] });
    if (!tc.ok) throw new ObserveError(ns, tc.message);
    const qdiscs = parseTcQdiscs(splitJsonValues(tc.stdout)[0]);
    for (const l of links) l.qdisc = qdiscs.get(l.name) ?? null;
  }

  const sysctl = parseForwarding(netconfJson);
  const extra = (opts.sysctlKeys?.(ns) ?? []).filter((k) => !(FORWARDING_KEYS as readonly string[]).includes(k));
  if (extra.length) Object.assign(sysctl, await readSysctl(ns, extra));

  return { ns, links, routes: parseRoutes(routesJson), sysctl };
}

/** The `qdisc` field `ip link` prints (the root qdisc's kind). */
function rawQdiscKind(linksJson: unknown, name: string): string {
  const l = Array.isArray(linksJson) ? linksJson.find((x) => x?.ifname === name) : undefined;
  return typeof l?.qdisc === 'string' ? l.qdisc : '';
}

/**
 * Named namespaces (`ip -j netns list`) with the inode of /run/netns/NAME, which identifies the
 * namespace itself: one deleted and re-created by someone else has a new inode.
 */
export async function listNetns(): Promise<{ name: string; inode: number | null }[]> {
  const r = await runCommand('ip', ['-j', 'netns', 'list']);
  if (!r.ok) throw new Error(`ip netns list failed: ${r.stderr.trim() || r.exitCode}`);
  const list = (splitJsonValues(r.stdout)[0] ?? []) as { name?: unknown }[];
  const names = list.map((n) => n.name).filter((n): n is string => typeof n === 'string');
  return Promise.all(names.map(async (name) => ({ name, inode: await nsInode(name) })));
}

async function nsInode(name: string): Promise<number | null> {
  try {
    return (await stat(`/run/netns/${name}`)).ino;
  } catch {
    return null;
  }
}

/**
 * The /run/netns inode of each of `names` (absent names are left out): what `listNetns` says
 * about those names, without a process and without reading the rest of the machine's namespaces.
 */
export function existingOf(names: Iterable<string>): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const unique = [...new Set(names)];
  // remembered while /run/netns and the mount table are unchanged (addon version 7,
  // netns-watch.ts), else one call for the whole list (a 200-node lab: ~0.3 → ~0.1 ms, and no
  // 200 Stats objects for the collector)
  const native = nsfd();
  const watched = netnsInodes(native);
  if (watched || native?.inodesIn) {
    const ino = watched ? watched.inodes(unique) : native!.inodesIn!(NETNS_DIR, unique);
    unique.forEach((name, i) => { if (ino[i]! >= 0) out.set(name, ino[i]!); });
    return out;
  }
  for (const name of unique) {
    if (!name || name.includes('/') || name === '.' || name === '..' || Buffer.byteLength(name) > 255) continue;
    const st = statSync(`${NETNS_DIR}/${name}`, { throwIfNoEntry: false });
    if (st) out.set(name, st.ino);
  }
  return out;
}
let watcher: NetnsInodes | null | undefined;
/** The process's one watch of /run/netns, where the addon can keep one (else null). */
export function netnsInodes(native = nsfd()): NetnsInodes | null {
  if (!native) return null; // (NSLAB_EXECUTOR=iproute2: stat per name, as ip netns would)
  if (watcher === undefined) watcher = NetnsInodes.supported(native) ? new NetnsInodes(native, NETNS_DIR) : null;
  return watcher;
}
