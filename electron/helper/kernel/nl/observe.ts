/**
 * The observer's four questions (links, addresses, routes, forwarding) answered over rtnetlink
 * and /proc/sys inside the namespace, without a process: the same ObservedNs the `ip -d -j`
 * parser (../observe-parse.ts) builds, value for value — the equivalence test compares them.
 */
import { closeSync, readFileSync } from 'node:fs';
import { FORWARDING_KEYS } from '../../../../shared/lab/resolve';
import { canonicalCidr, canonicalIp } from '../../../../shared/net/ip';
import type { ObservedLink, ObservedNs, ObservedRoute } from '../../../../shared/state/observed';
import { MANAGED_QDISCS, parseTcQdiscs, splitJsonValues } from '../observe-parse';
import { runBatch } from '../run';
import { sysctlPath } from './execute';
import { IFA, IFLA, IFLA_BR, INFO, linkDumpBody, operStateOf, parseIfinfo, RTA, RTEXT_FILTER_SKIP_STATS } from './messages';
import { netnsPath, type Nsfd } from './native';
import { attrs, cstr, ipText, NlSocket, RTM, str, u32 } from './netlink';

const IFF_UP = 0x1, IFF_LOOPBACK = 0x8, IFF_LOWER_UP = 0x10000, RTM_F_CLONED = 0x200;
const PROTO: Record<number, string> = { 0: 'unspec', 1: 'redirect', 2: 'kernel', 3: 'boot', 4: 'static', 8: 'gated', 9: 'ra', 10: 'mrt', 11: 'zebra', 12: 'bird', 13: 'dnrouted', 14: 'xorp', 15: 'ntk', 16: 'dhcp', 17: 'keepalived', 18: 'babel', 99: 'openr', 186: 'bgp', 187: 'isis', 188: 'ospf', 189: 'rip', 192: 'eigrp' };
const TABLE: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
const RTN = ['unspec', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];

const macText = (b: Buffer | undefined): string => (b ? [...b].map((x) => x.toString(16).padStart(2, '0')).join(':') : '');

/** One namespace; null when it does not exist (any more). */
export async function observeFast(native: Nsfd, ns: string, extraSysctl: string[]): Promise<ObservedNs | null> {
  const sock = NlSocket.openIfThere(native, ns);
  if (!sock) return null;
  let links: ObservedLink[], routes: ObservedRoute[], qdiscKinds: string[];
  try {
    const linkMsgs = sock.dump(RTM.GETLINK, linkDumpBody());
    const addrMsgs = sock.dump(RTM.GETADDR, Buffer.alloc(8));
    const routeMsgs = sock.dump(RTM.GETROUTE, Buffer.alloc(12));
    const raw = linkMsgs.filter((m) => m.type === RTM.NEWLINK).map((m) => parseIfinfo(m.payload));
    const names = new Map(raw.map((l) => [l.index, cstr(l.attrs.get(IFLA.IFNAME)) ?? '']));
    const addrs = new Map<number, Set<string>>();
    for (const m of addrMsgs) {
      if (m.type !== RTM.NEWADDR) continue;
      const p = m.payload, family = p[0]!, prefix = p[1]!, scope = p[3]!, index = p.readUInt32LE(4);
      const a = attrs(p, 8), local = a.get(IFA.LOCAL) ?? a.get(IFA.ADDRESS);
      if (scope !== 0 || !local || (family !== 2 && family !== 10)) continue;
      const cidr = canonicalCidr(`${ipText(local)}/${prefix}`);
      if (!cidr || /^fe[89ab][0-9a-f]:/i.test(cidr)) continue;
      (addrs.get(index) ?? addrs.set(index, new Set()).get(index)!).add(cidr);
    }
    qdiscKinds = [];
    links = raw.map((l): ObservedLink => {
      const info = l.attrs.get(IFLA.LINKINFO) ? attrs(l.attrs.get(IFLA.LINKINFO)!) : null;
      const kind = info ? cstr(info.get(INFO.KIND)) : null;
      const master = l.attrs.get(IFLA.MASTER)?.readUInt32LE(0);
      const alias = cstr(l.attrs.get(IFLA.IFALIAS));
      const name = names.get(l.index)!;
      const q = cstr(l.attrs.get(IFLA.QDISC));
      if (q) qdiscKinds.push(q);
      const link: ObservedLink = {
        name,
        ifindex: l.index,
        kind,
        mtu: l.attrs.get(IFLA.MTU)?.readUInt32LE(0) ?? 0,
        mac: macText(l.attrs.get(IFLA.ADDRESS)),
        adminUp: (l.flags & IFF_UP) !== 0,
        operState: operStateOf(l.attrs),
        carrier: (l.flags & IFF_LOWER_UP) !== 0,
        master: master ? names.get(master) ?? `if${master}` : null,
        alias: alias === '' ? null : alias,
        addresses: name === 'lo' || (l.flags & IFF_LOOPBACK) !== 0 ? [] : [...(addrs.get(l.index) ?? [])].sort(),
        qdisc: null,
      };
      const peer = l.attrs.get(IFLA.LINK)?.readUInt32LE(0);
      if (kind === 'veth' && peer) link.peerIfindex = peer;
      if (kind === 'bridge') {
        const data = info?.get(INFO.DATA);
        link.stp = (data ? attrs(data).get(IFLA_BR.STP_STATE)?.readUInt32LE(0) ?? 0 : 0) !== 0;
      }
      return link;
    });
    routes = [];
    for (const m of routeMsgs) {
      if (m.type !== RTM.NEWROUTE) continue;
      const p = m.payload, family = p[0]!, dstLen = p[1]!, table = p[4]!, proto = p[5]!, type = p[7]!, flags = p.readUInt32LE(8);
      if (flags & RTM_F_CLONED || (family !== 2 && family !== 10)) continue;
      const a = attrs(p, 12);
      const dst = a.get(RTA.DST);
      const gw = a.get(RTA.GATEWAY) ?? (a.get(RTA.VIA) ? a.get(RTA.VIA)!.subarray(2) : undefined);
      const oif = a.get(RTA.OIF)?.readUInt32LE(0);
      const t = a.get(RTA.TABLE)?.readUInt32LE(0) ?? table;
      const f = family === 2 ? 4 : 6;
      const to = !dst || dstLen === 0 ? 'default' : canonicalCidr(`${ipText(dst)}/${dstLen}`) ?? `${ipText(dst)}/${dstLen}`;
      routes.push({
        family: f,
        to: to === '0.0.0.0/0' || to === '::/0' ? 'default' : to,
        via: gw ? canonicalIp(ipText(gw)) : null,
        dev: oif && !a.has(RTA.MULTIPATH) ? names.get(oif) ?? null : null,
        metric: a.get(RTA.PRIORITY)?.readUInt32LE(0) ?? 0,
        protocol: PROTO[proto] ?? String(proto),
        table: TABLE[t] ?? String(t),
        type: RTN[type] ?? String(type),
      });
    }
  } finally {
    sock.close();
  }

  if (qdiscKinds.some((k) => MANAGED_QDISCS.has(k))) {
    const tc = await runBatch('tc', ns, [['qdisc', 'show']], { flags: ['-j'] });
    if (!tc.ok) throw new Error(tc.message);
    const qdiscs = parseTcQdiscs(splitJsonValues(tc.stdout)[0]);
    for (const l of links) l.qdisc = qdiscs.get(l.name) ?? null;
  }
  return { ns, links, routes, sysctl: readSysctlFast(native, ns, [...FORWARDING_KEYS, ...extraSysctl]) };
}

/** Current values of `keys` inside `ns`; keys the kernel lacks are left out (like readSysctl). */
export function readSysctlFast(native: Nsfd, ns: string, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(keys)) {
    let fd: number;
    try { fd = native.openFileIn(netnsPath(ns), sysctlPath(key), false); } catch { continue; }
    try { out[key] = readFileSync(fd, 'utf8').trim().replace(/\s+/g, ' '); } finally { closeSync(fd); }
  }
  return out;
}

/**
 * The loopback's alias (the lab tag) in `ns`: null when it has none, undefined when the
 * namespace cannot be read. One netlink request, no process.
 */
export function readLoopbackAliasFast(native: Nsfd, ns: string): string | null | undefined {
  let sock: NlSocket;
  try { sock = NlSocket.open(native, ns); } catch { return undefined; }
  try {
    const [reply] = sock.request(RTM.GETLINK, 0, Buffer.concat([Buffer.alloc(16), str(IFLA.IFNAME, 'lo'), u32(IFLA.EXT_MASK, RTEXT_FILTER_SKIP_STATS)]));
    if (!reply) return undefined;
    return cstr(parseIfinfo(reply.payload).attrs.get(IFLA.IFALIAS));
  } catch {
    return undefined;
  } finally {
    sock.close();
  }
}
