/**
 * What a lab owns, decided from evidence rather than names (STYLE.md 8, containerlab's ownership
 * tags). A ledger entry is honoured only when all of these hold:
 *
 * 1. its name is `nslab-<lab>-<node>` with a valid node name (a lab never creates anything else,
 *    so a ledger — forged or corrupt — naming `foreign-x` or another lab's prefix is ignored);
 * 2. the namespace exists and its inode is the one recorded (a namespace deleted and re-created
 *    by someone else under our name has another inode);
 * 3. it is not the host's network namespace (`ip netns attach NAME 1` can give the host's a name);
 * 4. its loopback carries the alias `nslab-lab:<lab>` (set by `ns.init`, the last step of a
 *    namespace's setup). The kernel reuses nsfs inode numbers once a namespace is freed, so 2
 *    alone could mistake a stranger's namespace for ours; the tag closes that.
 *
 * The one weaker case: an entry whose inode is still null. The engine records the inode only once
 * the namespace's setup (its tag) is complete, so null means "the engine stopped between creating
 * the namespace and tagging it". Then the name and the ledger are the only evidence, and the
 * namespace is honoured if it is untagged or carries our tag (never another lab's).
 */
import { statSync } from 'node:fs';
import { NODE_NAME, NS_PREFIX } from '../../shared/net/names';
import { LAB_TAG_PREFIX } from '../../shared/ops/render';
import type { ObservedLab } from '../../shared/state/observed';
import { runPool } from './kernel/pool';
import { runCommand } from './kernel/run';
import { nsfd } from './kernel/nl/native';
import { readLoopbackAliasFast } from './kernel/nl/observe';
import type { Ledger, LedgerNs } from './ledger';

export type Existing = Map<string, number | null>;

/** `nslab-<lab>-<node>` with a node name the lab format allows. */
export function namedForLab(lab: string, ns: string): boolean {
  const prefix = `${NS_PREFIX}${lab}-`;
  return ns.startsWith(prefix) && NODE_NAME.test(ns.slice(prefix.length));
}

/**
 * Inodes of the host's network namespace (pid 1's) and the helper's own: never a lab's. Read once
 * per process: neither namespace changes while the process lives (the addon moves a thread into
 * a lab namespace only within one synchronous call), and where pid 1's cannot be read (EACCES
 * here, even as root) it never can — a failed stat each apply cost ~0.1 ms in building its error.
 */
let hostInodes: ReadonlySet<number> | null = null;
export async function hostNetnsInodes(): Promise<ReadonlySet<number>> {
  if (hostInodes) return hostInodes;
  const out = new Set<number>();
  // Synchronous on purpose: the netlink fast path (kernel/nl/) briefly moves the main thread into
  // a lab namespace with setns(), and an async stat runs on a libuv worker, where /proc/self
  // names the main thread — it could catch the main thread inside that lab namespace and take it
  // for the host's (seen as a rare "has no running node"). On the main thread the answer is
  // always the helper's own namespace.
  for (const p of ['/proc/1/ns/net', '/proc/self/ns/net']) {
    try { out.add(statSync(p).ino); } catch { /* not readable: the other one still counts */ }
  }
  if (out.size) hostInodes = out;
  return out;
}

/** Ledger entries that pass checks 1-3 (no process started). */
export function candidates(ledger: Ledger, existing: Existing, host: ReadonlySet<number>): string[] {
  const out: string[] = [];
  for (const ns in ledger.namespaces) {
    if (!namedForLab(ledger.lab, ns)) continue;
    const ino = existing.get(ns);
    if (ino === undefined) continue;
    if (ino !== null && host.has(ino)) continue;
    const e = ledger.namespaces[ns]!;
    if (e.inode === null || e.inode === ino) out.push(ns);
  }
  return out.sort();
}

/** Check 4, given the loopback's alias (null: none; undefined: could not be read). */
export function tagAccepts(lab: string, entry: LedgerNs, alias: string | null | undefined): boolean {
  if (alias === undefined) return false;
  if (alias === LAB_TAG_PREFIX + lab) return true;
  return entry.inode === null && (alias === null || alias === '');
}

/** The loopback alias of each namespace from an observation (`undefined` when not observed). */
export function tagsFromObserved(observed: ObservedLab, names: string[]): Map<string, string | null | undefined> {
  const out = new Map<string, string | null | undefined>();
  names.forEach((ns) => {
    const o = observed[ns];
    out.set(ns, o ? (o.links.find((l) => l.name === 'lo')?.alias ?? null) : undefined);
  });
  return out;
}

/**
 * Read the loopback alias of each namespace: one `ip -j -n NS link show dev lo` per namespace,
 * 8 at a time. (iproute2's batch mode cannot switch namespace per line, and `ip -all netns exec`
 * would run in every namespace on the machine, so this is the cheapest read that stays inside the
 * namespaces named.) A namespace that cannot be read gives `undefined`.
 */
export async function readTags(names: string[]): Promise<Map<string, string | null | undefined>> {
  // one netlink request per namespace, no process, where the nsfd addon is built (kernel/nl/)
  const native = nsfd();
  if (native) return new Map(names.map((ns) => [ns, readLoopbackAliasFast(native, ns)]));
  const results = await runPool(names.map((ns) => async () => {
    const r = await runCommand('ip', ['-j', '-n', ns, 'link', 'show', 'dev', 'lo'], { timeoutMs: 10_000 });
    if (!r.ok) return undefined;
    try {
      const [lo] = JSON.parse(r.stdout) as { ifalias?: unknown }[];
      return typeof lo?.ifalias === 'string' ? lo.ifalias : null;
    } catch {
      return undefined;
    }
  }), 8);
  return new Map(names.map((ns, i) => [ns, results[i]]));
}

/** Checks 1-4 over a ledger, reading tags from the kernel. */
export async function verifiedOwned(ledger: Ledger, existing: Existing): Promise<string[]> {
  const names = candidates(ledger, existing, await hostNetnsInodes());
  const tags = await readTags(names);
  return names.filter((ns) => tagAccepts(ledger.lab, ledger.namespaces[ns]!, tags.get(ns)));
}
