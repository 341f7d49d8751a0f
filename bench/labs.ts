/**
 * Generated benchmark labs. Both are ordinary lab files (validated by the same schema), so the
 * benchmark measures exactly what `nslab up` does with a user's lab.
 *
 * - chain: h1 – r1 – … – h2, routers joined by /24 segments with static routes towards both end
 *   hosts, so h1 reaches h2 across every router. IPv4 TTL caps a path at 255 routers, so past
 *   MAX_ROUTERS the middle of the chain mixes 2-port switches between the routers (one segment
 *   then spans several switches); the hosts raise their default TTL so the reply survives too.
 * - tree: a complete 4-ary tree of switches whose leaves are hosts, one L2 subnet.
 */
import type { Lab } from '../shared/lab/schema';

/** Routers on one path: below IPv4's 255-hop limit with room to spare. */
export const MAX_ROUTERS = 200;

export type Topology = 'chain' | 'tree';

export interface BenchLab {
  lab: Lab;
  /** the two far ends: ping `to` from `from` proves end-to-end reachability */
  from: string;
  to: string;
  toAddr: string;
}

/** `10.a.b.0/24` for segment k (k < 65536). */
const seg = (k: number, host: number): string => `10.${(k >> 8) & 255}.${k & 255}.${host}`;

/**
 * A routed chain of `n` nodes (n ≥ 3): two hosts and n-2 middle nodes.
 *
 * @example chainLab('bench-chain-50', 50).lab.nodes.r1.kind // 'router'
 */
export function chainLab(name: string, n: number): BenchLab {
  if (n < 3) throw new Error('a chain needs at least 3 nodes');
  const middle = n - 2;
  const stride = Math.ceil(middle / MAX_ROUTERS);
  const nodes: Lab['nodes'] = {};
  const links: [string, string][] = [];
  // L3 endpoints along the chain, left to right: h1, routers…, h2. Segment k joins L3 endpoint k
  // (address .1) and k+1 (address .2).
  const l3: string[] = ['h1'];
  const order: string[] = ['h1'];
  let routers = 0, switches = 0;
  for (let j = 0; j < middle; j++) {
    // Routers at every stride-th position; the last middle node is always a router so the
    // segment of h2 holds no switch-only tail.
    const isRouter = j % stride === 0 || j === middle - 1;
    const node = isRouter ? `r${++routers}` : `s${++switches}`;
    order.push(node);
    if (isRouter) l3.push(node);
  }
  order.push('h2');
  l3.push('h2');
  const segments = l3.length - 1;
  // Which segment each middle node's left side is on.
  let k = 0;
  const left: Record<string, number> = {};
  for (const node of order.slice(1)) {
    left[node] = k;
    if (node.startsWith('r') || node === 'h2') k++;
  }
  const ttl = { 'net.ipv4.ip_default_ttl': '255' };
  nodes.h1 = { kind: 'host', interfaces: { eth0: { addresses: [`${seg(0, 1)}/24`] } }, routes: [{ to: 'default', via: seg(0, 2) }], sysctl: ttl };
  nodes.h2 = { kind: 'host', interfaces: { eth0: { addresses: [`${seg(segments - 1, 2)}/24`] } }, routes: [{ to: 'default', via: seg(segments - 1, 1) }], sysctl: ttl };
  for (const node of order.slice(1, -1)) {
    if (node.startsWith('s')) { nodes[node] = { kind: 'switch' }; continue; }
    const i = left[node]!; // this router is .2 on segment i and .1 on segment i+1
    const routes: { to: string; via: string }[] = [];
    if (i > 0) routes.push({ to: `${seg(0, 0)}/24`, via: seg(i, 1) });
    if (i + 1 < segments - 1) routes.push({ to: `${seg(segments - 1, 0)}/24`, via: seg(i + 1, 2) });
    nodes[node] = { kind: 'router', interfaces: { eth0: { addresses: [`${seg(i, 2)}/24`] }, eth1: { addresses: [`${seg(i + 1, 1)}/24`] } }, routes };
  }
  const rightIf = (node: string) => (node === 'h1' ? 'eth0' : node.startsWith('s') ? 'p1' : 'eth1');
  const leftIf = (node: string) => (node.startsWith('s') ? 'p0' : 'eth0');
  for (let i = 0; i + 1 < order.length; i++) links.push([`${order[i]}:${rightIf(order[i]!)}`, `${order[i + 1]}:${leftIf(order[i + 1]!)}`]);
  return { lab: { version: 1, name, nodes, links }, from: 'h1', to: 'h2', toAddr: seg(segments - 1, 2) };
}

/**
 * A complete 4-ary tree of `n` nodes (n ≥ 3): inner nodes are switches (`sw<i>`), leaves are hosts
 * (`h<i>`), all in 10.200.0.0/16. The far ends are the first and the last leaf.
 */
export function treeLab(name: string, n: number, fanout = 4): BenchLab {
  if (n < 3) throw new Error('a tree needs at least 3 nodes');
  const inner = Math.ceil((n - 1) / fanout);
  const nodeName = (i: number) => (i < inner ? `sw${i}` : `h${i}`);
  const nodes: Lab['nodes'] = {};
  const links: [string, string][] = [];
  const hostAddr = (i: number) => `10.200.${(i >> 8) & 255}.${i & 255}`;
  for (let i = 0; i < n; i++) {
    if (i < inner) nodes[nodeName(i)] = { kind: 'switch' };
    else nodes[nodeName(i)] = { kind: 'host', interfaces: { eth0: { addresses: [`${hostAddr(i)}/16`] } } };
    if (i > 0) {
      const parent = Math.floor((i - 1) / fanout);
      const port = (i - 1) % fanout;
      links.push([`${nodeName(parent)}:c${port}`, `${nodeName(i)}:${i < inner ? 'up' : 'eth0'}`]);
    }
  }
  return { lab: { version: 1, name, nodes, links }, from: nodeName(inner), to: nodeName(n - 1), toAddr: hostAddr(n - 1) };
}

export function benchLab(topology: Topology, n: number, name = `bench-${topology}-${n}`): BenchLab {
  return topology === 'chain' ? chainLab(name, n) : treeLab(name, n);
}
