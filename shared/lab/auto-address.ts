/**
 * Auto-addressing: give every L3 segment of a lab an IPv4 subnet and write the addresses and static
 * routes into the lab itself, so the student sees (and can change) exactly what was chosen.
 *
 * Scheme (documented in the UI tooltip too):
 * - A *segment* is either a link between two L3 nodes (host/router), or a *LAN*: a switch together
 *   with every switch reachable through switch-to-switch links, and every host/router interface
 *   cabled to one of those switches.
 * - Segments are ordered by a stable key (a point-to-point link by its link key, a LAN by its
 *   alphabetically first switch) and segment i (1-based) gets 10.(i / 256).(i % 256).0/24 —
 *   10.0.1.0/24, 10.0.2.0/24, …, so small labs read like the examples in lab-format.md.
 * - Inside a segment, routers come first, then hosts (each ordered by node, then interface name),
 *   numbered .1, .2, …: a LAN's gateway is .1 when it has one router.
 * - A host gets `default via` the first router on its first segment that has one.
 * - A router gets a route to every segment it is not on, via the neighbour router that is the
 *   first hop of a shortest path (BFS over routers sharing a segment, neighbours in name order).
 *
 * IPv4 addresses and IPv4 routes of hosts and routers are replaced; IPv6 ones are kept. The
 * result is deterministic: the same lab always gets the same addresses.
 */
import { parseCidr, parseIp } from '../net/ip';
import { labLinks, linkKey, parseEndpoint } from './links';
import type { Lab, LabInterface, LabNode, LabRoute } from './schema';

interface Member { node: string; iface: string; router: boolean }
interface Segment { key: string; members: Member[] }

/** At most this many hosts and routers on one LAN (a /24 has 254 usable addresses). */
export const MAX_SEGMENT_MEMBERS = 254;

const isL3 = (n: LabNode | undefined): n is LabNode => n !== undefined && n.kind !== 'switch';
const byName = (a: Member, b: Member) => (a.node === b.node ? cmp(a.iface, b.iface) : cmp(a.node, b.node));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The L3 segments of a lab in their stable order (exported for the UI and tests). */
export function segments(lab: Lab): Segment[] {
  const nodes = lab.nodes;
  const links = labLinks(lab).map((l) => ({ key: linkKey(l), a: parseEndpoint(l.endpoints[0]), b: parseEndpoint(l.endpoints[1]) }))
    .filter((l) => nodes[l.a.node] && nodes[l.b.node]);

  // Union-find over switches joined by switch-to-switch links.
  const parent = new Map<string, string>();
  const find = (s: string): string => {
    let r = s;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(s, r);
    return r;
  };
  for (const [name, n] of Object.entries(nodes)) if (n.kind === 'switch') parent.set(name, name);
  for (const l of links) {
    if (nodes[l.a.node]!.kind === 'switch' && nodes[l.b.node]!.kind === 'switch') {
      const [ra, rb] = [find(l.a.node), find(l.b.node)];
      // Keep the alphabetically first switch as the root, so it names the LAN.
      if (ra !== rb) (ra < rb ? parent.set(rb, ra) : parent.set(ra, rb));
    }
  }

  const lans = new Map<string, Member[]>();
  const out: Segment[] = [];
  for (const l of links) {
    const na = nodes[l.a.node]!, nb = nodes[l.b.node]!;
    const member = (e: { node: string; iface: string }, n: LabNode): Member => ({ node: e.node, iface: e.iface, router: n.kind === 'router' });
    if (isL3(na) && isL3(nb)) out.push({ key: l.key, members: [member(l.a, na), member(l.b, nb)] });
    else if (isL3(na) || isL3(nb)) {
      const [sw, host, hn] = isL3(na) ? [l.b.node, l.a, na] : [l.a.node, l.b, nb];
      const root = find(sw);
      if (!lans.has(root)) lans.set(root, []);
      lans.get(root)!.push(member(host, hn));
    }
  }
  for (const [root, members] of lans) out.push({ key: root, members });
  out.sort((a, b) => cmp(a.key, b.key));
  for (const s of out) s.members.sort((a, b) => (a.router !== b.router ? (a.router ? -1 : 1) : byName(a, b)));
  return out;
}

const subnetBase = (i: number) => `10.${Math.floor(i / 256)}.${i % 256}`;
const isV4 = (cidrOrIp: string) => (parseCidr(cidrOrIp) ?? parseIp(cidrOrIp))?.family === 4;
const isV4Route = (r: LabRoute) => (r.to === 'default' ? (r.via === undefined || isV4(r.via)) : isV4(r.to));

/**
 * The lab with IPv4 addresses and static routes filled in (see the module comment for the scheme).
 *
 * @example
 * autoAddress(lab) // h1–r1–h2: h1 10.0.1.2/24 default via 10.0.1.1, h2 10.0.2.2/24 default via 10.0.2.1
 */
export function autoAddress(lab: Lab): Lab {
  const segs = segments(lab);
  if (segs.some((s) => s.members.length > MAX_SEGMENT_MEMBERS)) {
    throw new Error(`a LAN has more than ${MAX_SEGMENT_MEMBERS} hosts and routers; auto-addressing uses /24 subnets`);
  }
  const nodes: Record<string, LabNode> = {};
  for (const [name, n] of Object.entries(lab.nodes)) {
    const ifaces: Record<string, LabInterface> = {};
    for (const [ifn, i] of Object.entries(n.interfaces ?? {})) {
      const keep = n.kind === 'switch' ? [] : (i.addresses ?? []).filter((a) => !isV4(a));
      ifaces[ifn] = withAddresses(i, keep);
    }
    const routes = n.kind === 'switch' ? undefined : (n.routes ?? []).filter((r) => !isV4Route(r));
    nodes[name] = { ...n, interfaces: ifaces, routes };
  }

  /** address of (node, iface) on segment index */
  const addrOf = new Map<string, string>();
  const segsOf = new Map<string, number[]>();
  segs.forEach((s, si) => {
    const base = subnetBase(si + 1);
    s.members.forEach((m, mi) => {
      const ip = `${base}.${mi + 1}`;
      addrOf.set(`${si}|${m.node}`, addrOf.get(`${si}|${m.node}`) ?? ip);
      const n = nodes[m.node]!;
      const i = n.interfaces![m.iface] ?? {};
      n.interfaces![m.iface] = withAddresses(i, [`${ip}/24`, ...(i.addresses ?? [])]);
      if (!segsOf.has(m.node)) segsOf.set(m.node, []);
      if (!segsOf.get(m.node)!.includes(si)) segsOf.get(m.node)!.push(si);
    });
  });

  const routersOn = (si: number) => [...new Set(segs[si]!.members.filter((m) => m.router).map((m) => m.node))].sort(cmp);
  const push = (node: string, r: LabRoute) => { const n = nodes[node]!; n.routes = [...(n.routes ?? []), r]; };

  // Hosts: default via the first router of their first segment that has one.
  for (const [name, n] of Object.entries(lab.nodes)) {
    if (n.kind !== 'host') continue;
    for (const si of segsOf.get(name) ?? []) {
      const gw = routersOn(si)[0];
      if (gw) { push(name, { to: 'default', via: addrOf.get(`${si}|${gw}`)! }); break; }
    }
  }

  // Routers: BFS from each router over the router graph; the first hop toward a segment's router.
  const routers = Object.keys(lab.nodes).filter((n) => lab.nodes[n]!.kind === 'router').sort(cmp);
  const neighbours = new Map<string, { router: string; seg: number }[]>();
  for (const r of routers) {
    const list: { router: string; seg: number }[] = [];
    for (const si of segsOf.get(r) ?? []) for (const o of routersOn(si)) if (o !== r && !list.some((x) => x.router === o)) list.push({ router: o, seg: si });
    neighbours.set(r, list.sort((a, b) => cmp(a.router, b.router)));
  }
  for (const r of routers) {
    const own = new Set(segsOf.get(r) ?? []);
    /** router → the gateway address r uses to reach it */
    const firstHop = new Map<string, string>([[r, '']]);
    const queue = [r];
    while (queue.length) {
      const cur = queue.shift()!;
      for (const nb of neighbours.get(cur) ?? []) {
        if (firstHop.has(nb.router)) continue;
        firstHop.set(nb.router, cur === r ? addrOf.get(`${nb.seg}|${nb.router}`)! : firstHop.get(cur)!);
        queue.push(nb.router);
      }
    }
    const order = [...firstHop.keys()];
    segs.forEach((s, si) => {
      if (own.has(si) || s.members.length === 0) return;
      // The nearest router on that segment (BFS order = distance order).
      const target = order.find((o) => o !== r && (segsOf.get(o) ?? []).includes(si));
      if (target) push(r, { to: `${subnetBase(si + 1)}.0/24`, via: firstHop.get(target)! });
    });
  }

  for (const n of Object.values(nodes)) {
    if (n.routes && n.routes.length === 0) delete n.routes;
    if (n.routes === undefined) delete n.routes;
    if (n.interfaces && Object.keys(n.interfaces).length === 0) delete n.interfaces;
  }
  return { ...lab, nodes };
}

function withAddresses(i: LabInterface, addresses: string[]): LabInterface {
  const out: LabInterface = { ...i, addresses };
  if (addresses.length === 0) delete out.addresses;
  return out;
}
