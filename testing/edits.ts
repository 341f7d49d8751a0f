/**
 * Random edits of a lab as a person makes them on the canvas (an address changed, a cable added
 * or removed, a link's MTU/state/shaping, a sysctl, a route or a node removed), for property
 * tests of incremental checking and planning. An edit may make the lab invalid; that is a case
 * too.
 */
import fc from 'fast-check';
import { parseEndpoint } from '../shared/lab/links';
import type { Lab, LabLinkObject } from '../shared/lab/schema';

export type Edit =
  | { kind: 'addr'; at: number; octet: number }
  | { kind: 'link'; a: number; b: number; net: number }
  | { kind: 'unlink'; at: number }
  | { kind: 'mtu'; at: number; mtu: number }
  | { kind: 'down'; at: number }
  | { kind: 'rate'; at: number; rate: string | null }
  | { kind: 'sysctl'; at: number; value: number }
  | { kind: 'route'; at: number }
  | { kind: 'rmnode'; at: number };

export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('addr' as const), at: fc.nat(), octet: fc.integer({ min: 1, max: 254 }) }),
  fc.record({ kind: fc.constant('link' as const), a: fc.nat(), b: fc.nat(), net: fc.integer({ min: 0, max: 63 }) }),
  fc.record({ kind: fc.constant('unlink' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('mtu' as const), at: fc.nat(), mtu: fc.constantFrom(1400, 1500, 9000) }),
  fc.record({ kind: fc.constant('down' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rate' as const), at: fc.nat(), rate: fc.constantFrom('10mbit', '1gbit', null) }),
  fc.record({ kind: fc.constant('sysctl' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('route' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rmnode' as const), at: fc.nat() }),
);

const obj = (l: Lab['links'] extends (infer L)[] | undefined ? L : never): LabLinkObject => (Array.isArray(l) ? { endpoints: [l[0], l[1]] } : l);

/** A deep copy of `lab` with the edit applied. */
export function applyEdit(lab: Lab, e: Edit): Lab {
  const c = structuredClone(lab);
  const names = Object.keys(c.nodes);
  const links = c.links ?? [];
  const dropEnds = (eps: readonly string[]) => {
    for (const ep of eps) {
      const { node, iface } = parseEndpoint(ep);
      const n = c.nodes[node];
      if (n?.interfaces) { delete n.interfaces[iface]; if (n.routes) n.routes = n.routes.filter((r) => r.dev !== iface); }
    }
  };
  switch (e.kind) {
    case 'addr': {
      const slots = names.flatMap((n) => Object.entries(c.nodes[n]!.interfaces ?? {}).filter(([, i]) => i.addresses?.length).map(([i]) => [n, i] as const));
      if (!slots.length) break;
      const [n, i] = slots[e.at % slots.length]!;
      const a = c.nodes[n]!.interfaces![i]!.addresses!;
      const [ip, len] = a[0]!.split('/');
      if (ip!.includes(':')) a[0] = `${ip!.replace(/:[0-9a-f]*$/, `:${e.octet.toString(16)}`)}/${len}`;
      else a[0] = `${ip!.replace(/\.\d+$/, `.${e.octet}`)}/${len}`;
      break;
    }
    case 'link': {
      if (names.length < 2) break;
      const a = names[e.a % names.length]!, b = names[(e.a + 1 + (e.b % (names.length - 1))) % names.length]!;
      const free = (n: string) => { let k = 10; while (c.nodes[n]!.interfaces?.[`eth${k}`] || links.some((l) => obj(l).endpoints.includes(`${n}:eth${k}`))) k++; return `eth${k}`; };
      const ia = free(a), ib = free(b);
      for (const [n, i, host] of [[a, ia, 1], [b, ib, 2]] as const) {
        const node = c.nodes[n]!;
        node.interfaces ??= {};
        node.interfaces[i] = node.kind === 'switch' ? {} : { addresses: [`10.251.${e.net}.${host}/30`] };
      }
      links.push([`${a}:${ia}`, `${b}:${ib}`]);
      c.links = links;
      break;
    }
    case 'unlink': {
      if (!links.length) break;
      const [l] = links.splice(e.at % links.length, 1);
      dropEnds(obj(l!).endpoints);
      break;
    }
    case 'mtu': case 'down': case 'rate': {
      if (!links.length) break;
      const i = e.at % links.length;
      const l = { ...obj(links[i]!) };
      if (e.kind === 'mtu') l.mtu = e.mtu;
      else if (e.kind === 'down') l.up = l.up === false;
      else if (e.rate) l.rate = e.rate; else delete l.rate;
      links[i] = l;
      break;
    }
    case 'sysctl': {
      const n = c.nodes[names[e.at % names.length]!]!;
      if (n.kind === 'switch') break;
      n.sysctl = { ...n.sysctl, 'net.ipv4.conf.all.rp_filter': e.value };
      break;
    }
    case 'route': {
      const withRoutes = names.filter((n) => c.nodes[n]!.routes?.length);
      if (!withRoutes.length) break;
      const n = c.nodes[withRoutes[e.at % withRoutes.length]!]!;
      n.routes = n.routes!.slice(1);
      break;
    }
    case 'rmnode': {
      if (names.length < 3) break;
      const gone = names[e.at % names.length]!;
      delete c.nodes[gone];
      c.links = links.filter((l) => {
        const eps = obj(l).endpoints;
        if (!eps.some((ep) => parseEndpoint(ep).node === gone)) return true;
        dropEnds(eps);
        return false;
      });
      c.checks = c.checks?.filter((k) => k.from !== gone && k.ping !== gone);
      break;
    }
  }
  return c;
}
