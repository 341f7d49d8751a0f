/**
 * Discovery: every network namespace on the machine — named ones (/run/netns), those held only
 * by running processes (/proc/<pid>/ns/net), and the host's — with interfaces, veth cables and
 * bridge ports. Read-only: it runs `ip … show` / `ip netns list-id` (RTM_GETNSID does not
 * allocate ids) inside each namespace and changes nothing.
 */
import { statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { LAB_TAG_PREFIX } from '../../../shared/ops/render';
import { NS_PREFIX } from '../../../shared/net/names';
import type { DiscoveredIface, DiscoveredNs, DiscoveryGraph } from '../../../shared/state/discovery';
import { parseLinks, splitJsonValues } from '../kernel/observe-parse';
import { runPool } from '../kernel/pool';
import { runCommand } from '../kernel/run';
import { buildLinks, type NsidTable } from './discover-graph';
import { NETNS_DIR } from './owned';
import { nameOrder } from '../../../shared/net/name-order';

const LINES = 'link show\naddr show\nnetns list-id\n';

interface Found { inode: number; name: string | null; host: boolean; pids: number[] }

/** Which namespaces exist: by inode, each with a name or the pids that hold it. */
async function findNamespaces(): Promise<Found[]> {
  const byInode = new Map<number, Found>();
  // "host" is the namespace nslab itself runs in (pid 1's may be unreadable in a sandbox)
  // synchronous: see hostNetnsInodes in ../ownership.ts (the main thread may be inside a setns)
  const hostIno = statSync('/proc/self/ns/net').ino;
  for (const name of await readdir(NETNS_DIR).catch(() => [] as string[])) {
    const ino = (await stat(`${NETNS_DIR}/${name}`).catch(() => null))?.ino;
    // a name whose namespace was deleted under it (an empty bind-mount target) reads as the
    // file system's inode, not a namespace's: such entries repeat or equal the host's; skip them
    if (ino === undefined || byInode.has(ino) || ino === hostIno) continue;
    byInode.set(ino, { inode: ino, name, host: false, pids: [] });
  }
  byInode.set(hostIno, { inode: hostIno, name: null, host: true, pids: [] });
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p));
  await runPool(pids.map((p) => async () => {
    const ino = (await stat(`/proc/${p}/ns/net`).catch(() => null))?.ino;
    if (ino === undefined) return; // exited, or a kernel thread without one
    const f = byInode.get(ino) ?? { inode: ino, name: null, host: false, pids: [] };
    byInode.set(ino, f);
    if (!f.name && !f.host && f.pids.length < 16) f.pids.push(Number(p));
  }), 64);
  return [...byInode.values()];
}

/** `ip` inside one namespace, reached by name, through a process, or (host) directly. */
async function readNs(f: Found): Promise<{ ns: DiscoveredNs; nsids: NsidTable }> {
  const argv = f.name ? ['ip', '-n', f.name, '-d', '-j', '-b', '-']
    : f.host ? ['ip', '-d', '-j', '-b', '-']
    : ['nsenter', `--net=/proc/${f.pids[0]}/ns/net`, 'ip', '-d', '-j', '-b', '-'];
  const ns: DiscoveredNs = {
    id: `netns:${f.inode}`, inode: f.inode, name: f.name, host: f.host, pids: [...f.pids].sort((a, b) => a - b),
    command: f.pids.length ? (await readFile(`/proc/${Math.min(...f.pids)}/comm`, 'utf8').catch(() => '')).trim() || null : null,
    lab: null, node: null, interfaces: [],
  };
  const r = await runCommand(argv[0]!, argv.slice(1), { input: LINES, timeoutMs: 10_000 });
  const [links, addrs, ids] = splitJsonValues(r.stdout);
  if (!r.ok && !links) return { ns: { ...ns, error: r.stderr.trim() || `exit ${r.exitCode}` }, nsids: new Map() };
  const raw = new Map((Array.isArray(links) ? links : []).map((l: any) => [l?.ifname, l]));
  ns.interfaces = parseLinks(links, addrs).map(({ qdisc: _q, stp: _s, ...l }): DiscoveredIface => {
    const j = raw.get(l.name);
    return {
      ...l,
      // a peer in the same namespace is printed by name (`link`), one elsewhere by index
      peerIfindex: l.kind !== 'veth' ? null : typeof j?.link_index === 'number' ? j.link_index
        : typeof j?.link === 'string' && typeof raw.get(j.link)?.ifindex === 'number' ? raw.get(j.link).ifindex : null,
      // no link_netnsid: the peer is in the same namespace
      peerNsid: l.kind === 'veth' && typeof j?.link_netnsid === 'number' ? j.link_netnsid : null,
    };
  });
  const lo = ns.interfaces.find((l) => l.name === 'lo');
  if (lo?.alias?.startsWith(LAB_TAG_PREFIX)) {
    ns.lab = lo.alias.slice(LAB_TAG_PREFIX.length);
    const prefix = `${NS_PREFIX}${ns.lab}-`;
    if (f.name?.startsWith(prefix)) ns.node = f.name.slice(prefix.length);
  }
  const nsids: NsidTable = new Map();
  for (const e of Array.isArray(ids) ? ids : []) if (typeof e?.nsid === 'number' && typeof e?.name === 'string') nsids.set(e.nsid, e.name);
  return { ns, nsids };
}

/**
 * Read the machine's namespaces and cables.
 *
 * @example const g = await discover(); g.links.filter((l) => l.kind === 'veth')
 */
export async function discover(opts: { concurrency?: number } = {}): Promise<DiscoveryGraph> {
  const found = await findNamespaces();
  const read = (await runPool(found.map((f) => () => readNs(f)), opts.concurrency ?? 8)).filter((x): x is NonNullable<typeof x> => !!x);
  const namespaces = read.map((r) => r.ns).sort((a, b) => Number(b.host) - Number(a.host) || nameOrder(a.name ?? '\uffff', b.name ?? '\uffff') || a.inode - b.inode);
  const { links, unresolved } = buildLinks(namespaces, new Map(read.map((r) => [r.ns.id, r.nsids])));
  return { namespaces, links, unresolved };
}
