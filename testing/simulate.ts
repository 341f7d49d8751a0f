/**
 * A model kernel for planner tests: applies operations to an ObservedLab the way the kernel
 * would (peer ends vanish together, routes leave with their device). Integration tests check the
 * real kernel; this lets unit tests check convergence over many lab edits quickly.
 */
import { contains, parseCidr, parseIp } from '../shared/net/ip';
import type { Op } from '../shared/ops/types';
import type { ObservedLab, ObservedLink, ObservedNs } from '../shared/state/observed';

/** A veth end knows its peer in the model (the kernel knows it by ifindex and netns id). */
type SimLink = ObservedLink & { peer?: { ns: string; name: string } };

export function simulate(start: ObservedLab, ops: Op[]): ObservedLab {
  const s: ObservedLab = structuredClone(start);
  let ifindex = 100;
  const link = (name: string, extra: Partial<ObservedLink>): ObservedLink => ({
    name, ifindex: ifindex++, kind: null, mtu: 1500, mac: `02:00:00:00:00:${(ifindex % 256).toString(16).padStart(2, '0')}`,
    adminUp: false, operState: 'DOWN', carrier: false, master: null, alias: null, addresses: [], qdisc: null, ...extra,
  });
  const ns = (name: string): ObservedNs => {
    const n = s[name];
    if (!n) throw new Error(`simulate: namespace ${name} does not exist`);
    return n;
  };
  const dev = (n: string, d: string) => {
    const l = ns(n).links.find((x) => x.name === d);
    if (!l) throw new Error(`simulate: ${n} has no device ${d}`);
    return l;
  };
  const dropLink = (n: string, name: string) => {
    const o = ns(n);
    o.links = o.links.filter((l) => l.name !== name);
    o.routes = o.routes.filter((r) => r.dev !== name);
  };
  for (const op of ops) {
    switch (op.kind) {
      case 'netns.add':
        if (s[op.ns]) throw new Error(`simulate: ${op.ns} exists`);
        s[op.ns] = { ns: op.ns, links: [link('lo', { mtu: 65536 })], routes: [], sysctl: { 'net.ipv4.ip_forward': '0', 'net.ipv6.conf.all.forwarding': '0' } };
        break;
      case 'netns.del': {
        const peers = ns(op.ns).links.map((l) => (l as SimLink).peer).filter((p) => p !== undefined);
        delete s[op.ns];
        for (const p of peers) if (s[p.ns]) dropLink(p.ns, p.name);
        break;
      }
      case 'ns.init': dev(op.ns, 'lo').adminUp = true; dev(op.ns, 'lo').alias = `nslab-lab:${op.lab}`; break;
      case 'sysctl.early': break; // not observed
      case 'bridge.add': ns(op.ns).links.push(link(op.name, { kind: 'bridge', stp: op.stp })); break;
      case 'bridge.set': dev(op.ns, op.name).stp = op.stp; break;
      case 'veth.add':
        if (ns(op.ns).links.some((l) => l.name === op.name) || ns(op.peerNs).links.some((l) => l.name === op.peerName)) throw new Error(`simulate: ${op.name} exists`);
        // the kernel ignores alias on `link add`: cables are tagged by link.set
        ns(op.ns).links.push(link(op.name, { kind: 'veth', mtu: op.mtu, peer: { ns: op.peerNs, name: op.peerName }, ...(op.mac ? { mac: op.mac } : {}) } as Partial<ObservedLink>));
        ns(op.peerNs).links.push(link(op.peerName, { kind: 'veth', mtu: op.peerMtu, peer: { ns: op.ns, name: op.name }, ...(op.peerMac ? { mac: op.peerMac } : {}) } as Partial<ObservedLink>));
        { // each end knows the other's ifindex, as the kernel reports it (IFLA_LINK)
          const a = dev(op.ns, op.name), b = dev(op.peerNs, op.peerName);
          a.peerIfindex = b.ifindex; b.peerIfindex = a.ifindex;
        }
        break;
      case 'link.del': {
        const l = dev(op.ns, op.name);
        dropLink(op.ns, op.name);
        const peer = (l as SimLink).peer;
        if (peer && s[peer.ns]) dropLink(peer.ns, peer.name);
        break;
      }
      case 'link.set': {
        const l = dev(op.ns, op.name);
        if (op.mtu !== undefined) l.mtu = op.mtu;
        if (op.mac !== undefined) l.mac = op.mac;
        if (op.master !== undefined) l.master = op.master;
        if (op.up !== undefined) l.adminUp = op.up;
        if (op.alias !== undefined) l.alias = op.alias;
        break;
      }
      case 'addr.add': {
        const l = dev(op.ns, op.dev);
        if (l.addresses.includes(op.cidr)) throw new Error(`simulate: ${op.cidr} exists on ${op.dev}`);
        l.addresses = [...l.addresses, op.cidr].sort();
        break;
      }
      case 'addr.del': {
        const l = dev(op.ns, op.dev);
        if (!l.addresses.includes(op.cidr)) throw new Error(`simulate: ${op.cidr} not on ${op.dev}`);
        l.addresses = l.addresses.filter((a) => a !== op.cidr);
        break;
      }
      case 'route.add': {
        const o = ns(op.ns);
        const r = op.route;
        const via = r.via ? parseIp(r.via)! : null;
        const d = r.dev ?? o.links.find((l) => via && l.addresses.some((a) => contains(parseCidr(a)!, via)))?.name;
        if (!d) throw new Error(`simulate: no device for route ${r.to}`);
        o.routes = o.routes.filter((x) => !(x.family === r.family && x.to === r.to && x.metric === r.metric && x.table === 'main'));
        o.routes.push({ family: r.family, to: r.to, via: r.via, dev: d, metric: r.metric, protocol: 'boot', table: 'main', type: 'unicast' });
        break;
      }
      case 'route.del': {
        const o = ns(op.ns);
        const before = o.routes.length;
        o.routes = o.routes.filter((x) => !(x.family === op.route.family && x.to === op.route.to && x.metric === op.route.metric && x.via === op.route.via));
        if (o.routes.length === before) throw new Error(`simulate: no route ${op.route.to} to delete`);
        break;
      }
      case 'qdisc.replace': dev(op.ns, op.dev).qdisc = op.qdisc; break;
      case 'qdisc.del': dev(op.ns, op.dev).qdisc = null; break;
      case 'sysctl.set': ns(op.ns).sysctl[op.key] = op.value; break;
    }
  }
  return s;
}

/** The state without kernel-chosen identities (ifindex, random MACs), for comparing two states. */
export function comparable(s: ObservedLab): unknown {
  return Object.fromEntries(Object.entries(s).sort().map(([k, v]) => [k, {
    links: v.links.map(({ ifindex: _i, mac: _m, operState: _o, carrier: _c, peer: _p, peerIfindex: _x, ...rest }: SimLink) => rest).sort((a, b) => a.name.localeCompare(b.name)),
    routes: [...v.routes].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    sysctl: v.sysctl,
  }]));
}
