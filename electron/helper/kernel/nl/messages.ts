/**
 * Kernel operations (shared/ops/types.ts) as rtnetlink requests: the same requests iproute2
 * sends for the commands shared/ops/render.ts prints (iproute2 ip/iplink.c, ipaddress.c,
 * iproute.c, link_veth.c, iplink_bridge.c), so both paths leave the same kernel state — the
 * executor equivalence test compares them on every example lab.
 */
import { closeSync, openSync } from 'node:fs';
import type { DesiredRoute } from '../../../../shared/lab/resolve';
import { parseCidr, parseIp } from '../../../../shared/net/ip';
import type { Op } from '../../../../shared/ops/types';
import { netnsPath } from './native';
import { attr, attrs, F, ipBytes, nest, NetlinkError, RTM, str, u32, type NlSocket } from './netlink';

const AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10;
const IFF_UP = 0x1;
export const IFLA = { ADDRESS: 1, IFNAME: 3, MTU: 4, LINK: 5, QDISC: 6, MASTER: 10, OPERSTATE: 16, LINKINFO: 18, IFALIAS: 20, NET_NS_FD: 28, EXT_MASK: 29, CARRIER: 33 } as const;
export const INFO = { KIND: 1, DATA: 2 } as const;
/** RTEXT_FILTER_SKIP_STATS: a link dump without the counters */
export const RTEXT_FILTER_SKIP_STATS = 8;
const OPERSTATE = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'];
/** A link's RFC 2863 operstate by name, as `ip` prints it, from its IFLA attributes. */
export const operStateOf = (a: Map<number, Buffer>): string => OPERSTATE[a.get(IFLA.OPERSTATE)?.[0] ?? 0] ?? 'UNKNOWN';
/** The body of an RTM_GETLINK dump of every link, without counters. */
export const linkDumpBody = (): Buffer => Buffer.concat([Buffer.alloc(16), u32(IFLA.EXT_MASK, RTEXT_FILTER_SKIP_STATS)]);
const VETH_INFO_PEER = 1;
export const IFLA_BR = { FORWARD_DELAY: 1, STP_STATE: 5 } as const;
export const IFA = { ADDRESS: 1, LOCAL: 2, FLAGS: 8 } as const;
const IFA_F_NODAD = 0x02;
export const RTA = { DST: 1, OIF: 4, GATEWAY: 5, PRIORITY: 6, MULTIPATH: 9, TABLE: 15, VIA: 18 } as const;
const RT_TABLE_MAIN = 254, RTPROT_BOOT = 3, RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RT_SCOPE_NOWHERE = 255, RT_SCOPE_HOST = 254, RTN_UNICAST = 1;

export function ifinfomsg(index = 0, flags = 0, change = 0, family = AF_UNSPEC): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(family, 0);
  b.writeInt32LE(index, 4);
  b.writeUInt32LE(flags, 8);
  b.writeUInt32LE(change, 12);
  return b;
}
const mac = (m: string): Buffer => Buffer.from(m.split(':').map((x) => parseInt(x, 16)));

/** A namespace's socket and its interface-name → ifindex answers (forgotten when links change). */
export class NsConn {
  private index = new Map<string, number>();
  /** `lookup`: the addon's SIOCGIFINDEX (ifindexOf), where built: no GETLINK round trip per name */
  constructor(readonly sock: NlSocket, private readonly lookup?: (fd: number, name: string) => number) {}

  /** `Cannot find device "X"`, as iproute2 says when a name does not resolve. */
  ifindex(name: string): number {
    const hit = this.index.get(name);
    if (hit !== undefined) return hit;
    if (this.lookup && name.length < 16) {
      const idx = this.lookup(this.sock.fd, name);
      if (!idx) throw new DeviceError(name);
      this.index.set(name, idx);
      return idx;
    }
    let reply;
    try {
      reply = this.sock.request(RTM.GETLINK, 0, Buffer.concat([ifinfomsg(), str(IFLA.IFNAME, name), u32(IFLA.EXT_MASK, 1)]));
    } catch (e) {
      if (e instanceof NetlinkError && e.errno === 19) throw new DeviceError(name);
      throw e;
    }
    const idx = reply[0]?.payload.readInt32LE(4);
    if (!idx) throw new DeviceError(name);
    this.index.set(name, idx);
    return idx;
  }

  forget(): void { this.index.clear(); }
}

export class DeviceError extends Error {
  constructor(name: string) { super(`Cannot find device "${name}"`); this.name = 'DeviceError'; }
}

export interface Request { type: number; flags: number; body: Buffer }

const bridgeInfo = (stp: boolean): Buffer =>
  nest(IFLA.LINKINFO, str(INFO.KIND, 'bridge'), nest(INFO.DATA, u32(IFLA_BR.STP_STATE, stp ? 1 : 0), u32(IFLA_BR.FORWARD_DELAY, stp ? 400 : 0)));

/** `ip link set dev lo alias nslab-lab:LAB up`, lo being device `loIndex`. */
const initRequest = (op: Extract<Op, { kind: 'ns.init' }>, loIndex: number): Request =>
  ({ type: RTM.NEWLINK, flags: 0, body: Buffer.concat([ifinfomsg(loIndex, IFF_UP, IFF_UP), str(IFLA.IFALIAS, `nslab-lab:${op.lab}`)]) });

const bridgeAddRequest = (op: Extract<Op, { kind: 'bridge.add' }>): Request =>
  ({ type: RTM.NEWLINK, flags: F.CREATE | F.EXCL, body: Buffer.concat([ifinfomsg(), str(IFLA.IFNAME, op.name), bridgeInfo(op.stp)]) });

/** The kernel's LOOPBACK_IFINDEX: a new namespace's lo is always device 1. */
const LOOPBACK_IFINDEX = 1;

/**
 * The request of an operation of a new namespace's first stage that needs nothing looked up in
 * it (ns.init, bridge.add), as applyIpOp sends it; null for any other operation.
 */
export function newNamespaceRequest(op: Op): Request | null {
  if (op.kind === 'ns.init') return initRequest(op, LOOPBACK_IFINDEX);
  if (op.kind === 'bridge.add') return bridgeAddRequest(op);
  return null;
}

/** Apply one ip-tool operation through `conn` (the socket of `op.ns`). Throws with iproute2's wording. */
export function applyIpOp(op: Op, conn: NsConn, connOf: (ns: string) => NsConn): void {
  const s = conn.sock;
  switch (op.kind) {
    case 'ns.init': {
      const r = initRequest(op, conn.ifindex('lo'));
      s.request(r.type, r.flags, r.body);
      return;
    }
    case 'bridge.add': {
      const r = bridgeAddRequest(op);
      s.request(r.type, r.flags, r.body);
      conn.forget();
      return;
    }
    case 'bridge.set':
      s.request(RTM.NEWLINK, 0, Buffer.concat([ifinfomsg(conn.ifindex(op.name)), bridgeInfo(op.stp)]));
      return;
    case 'veth.add': {
      const peerFd = openSync(netnsPath(op.peerNs), 'r');
      try {
        const peer = Buffer.concat([
          ifinfomsg(), str(IFLA.IFNAME, op.peerName), u32(IFLA.MTU, op.peerMtu),
          ...(op.peerMac ? [attr(IFLA.ADDRESS, mac(op.peerMac))] : []), u32(IFLA.NET_NS_FD, peerFd),
        ]);
        s.request(RTM.NEWLINK, F.CREATE | F.EXCL, Buffer.concat([
          ifinfomsg(), str(IFLA.IFNAME, op.name), u32(IFLA.MTU, op.mtu), ...(op.mac ? [attr(IFLA.ADDRESS, mac(op.mac))] : []),
          nest(IFLA.LINKINFO, str(INFO.KIND, 'veth'), nest(INFO.DATA, attr(VETH_INFO_PEER, peer))),
        ]));
      } finally {
        closeSync(peerFd);
      }
      conn.forget();
      connOf(op.peerNs).forget();
      return;
    }
    case 'link.del':
      s.request(RTM.DELLINK, 0, ifinfomsg(conn.ifindex(op.name)));
      conn.forget();
      return;
    case 'link.set': {
      const parts: Buffer[] = [];
      if (op.mtu !== undefined) parts.push(u32(IFLA.MTU, op.mtu));
      if (op.mac !== undefined) parts.push(attr(IFLA.ADDRESS, mac(op.mac)));
      if (op.master !== undefined) parts.push(u32(IFLA.MASTER, op.master === null ? 0 : conn.ifindex(op.master)));
      if (op.alias !== undefined) parts.push(str(IFLA.IFALIAS, op.alias));
      const flags = op.up === undefined ? [0, 0] : [op.up ? IFF_UP : 0, IFF_UP];
      s.request(RTM.NEWLINK, 0, Buffer.concat([ifinfomsg(conn.ifindex(op.name), flags[0], flags[1]), ...parts]));
      return;
    }
    case 'addr.add':
    case 'addr.del': {
      const c = parseCidr(op.cidr);
      if (!c) throw new Error(`"${op.cidr}" is not an address`);
      const local = ipBytes(c.family, c.addr);
      const head = Buffer.alloc(8);
      head.writeUInt8(c.family === 4 ? AF_INET : AF_INET6, 0);
      head.writeUInt8(c.prefix, 1);
      // iproute2: nodad for IPv6 adds (render.ts); host scope for 127/8; global otherwise
      head.writeUInt8(op.kind === 'addr.add' && c.family === 6 ? IFA_F_NODAD : 0, 2);
      head.writeUInt8(op.kind === 'addr.add' && c.family === 4 && local[0] === 127 ? RT_SCOPE_HOST : 0, 3);
      head.writeUInt32LE(conn.ifindex(op.dev), 4);
      const body = Buffer.concat([head, attr(IFA.LOCAL, local), attr(IFA.ADDRESS, local)]);
      if (op.kind === 'addr.add') s.request(RTM.NEWADDR, F.CREATE | F.EXCL, body);
      else s.request(RTM.DELADDR, 0, body);
      return;
    }
    case 'route.add': s.request(RTM.NEWROUTE, F.CREATE | F.REPLACE, routeBody(op.route, false, conn)); return;
    case 'route.del': s.request(RTM.DELROUTE, 0, routeBody(op.route, true, conn)); return;
    default:
      throw new Error(`${op.kind} is not an ip link/addr/route operation`);
  }
}

/** iproute2 iproute_modify(): main table, boot protocol, universe scope (link scope for an IPv4 route without gateway). */
function routeBody(r: DesiredRoute, del: boolean, conn: NsConn): Buffer {
  const dst = r.to === 'default' ? null : parseCidr(r.to);
  const via = r.via ? parseIp(r.via) : null;
  const family = r.family === 6 ? AF_INET6 : AF_INET;
  const m = Buffer.alloc(12);
  m.writeUInt8(family, 0);
  m.writeUInt8(dst ? dst.prefix : 0, 1);
  m.writeUInt8(RT_TABLE_MAIN, 4);
  if (del) {
    m.writeUInt8(RT_SCOPE_NOWHERE, 6);
  } else {
    m.writeUInt8(RTPROT_BOOT, 5);
    m.writeUInt8(family === AF_INET && !via ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE, 6);
    m.writeUInt8(RTN_UNICAST, 7);
  }
  const parts: Buffer[] = [];
  if (dst) parts.push(attr(RTA.DST, ipBytes(dst.family, dst.addr)));
  if (via) parts.push(attr(RTA.GATEWAY, ipBytes(via.family, via.value)));
  if (r.dev) parts.push(u32(RTA.OIF, conn.ifindex(r.dev)));
  parts.push(u32(RTA.PRIORITY, r.metric));
  return Buffer.concat([m, ...parts]);
}

/** The payload of a link answer: index, flags and attributes (for the observer). */
export function parseIfinfo(p: Buffer): { index: number; flags: number; attrs: Map<number, Buffer> } {
  return { index: p.readInt32LE(4), flags: p.readUInt32LE(8), attrs: attrs(p, 16) };
}
