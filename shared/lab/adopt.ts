/**
 * Adopt: the opposite of apply. Given a lab and what the kernel holds, edit the lab so that it
 * describes the kernel for the things a person typically changes by hand in a terminal —
 * addresses, routes, an interface's MTU, a cable up or down. Pure; everything else in the lab
 * (positions, checks, descriptions, other nodes) is left as written.
 */
import { isManagedRoute, type ObservedLab, type ObservedRoute } from '../state/observed';
import { canonicalCidr } from '../net/ip';
import { nsName } from '../net/names';
import { labLinks, linkKey, parseEndpoint } from './links';
import { resolveLab, type DesiredRoute } from './resolve';
import type { Lab, LabLinkObject, LabRoute } from './schema';

export interface AdoptResult {
  lab: Lab;
  /** what was taken over from the kernel, one line each (`h1:eth0 addresses …`) */
  adopted: string[];
  /** kernel differences the lab format cannot express, left as they are */
  skipped: string[];
}

const routeMatches = (w: DesiredRoute, r: ObservedRoute) =>
  w.family === r.family && w.to === r.to && w.metric === r.metric && w.via === r.via && (w.dev === null || w.dev === r.dev);

/** An observed route as a lab route, leaving out what is implied (dev with a gateway, default metric). */
function labRoute(r: ObservedRoute): LabRoute {
  const defaultMetric = r.family === 6 ? 1024 : 0;
  return {
    to: r.to,
    ...(r.via ? { via: r.via } : {}),
    ...(!r.via && r.dev ? { dev: r.dev } : {}),
    ...(r.metric !== defaultMetric ? { metric: r.metric } : {}),
  };
}

/**
 * @example
 *   const { lab: edited, adopted } = adopt(lab, (await status(lab.name)).observed);
 *   // after `ip -n nslab-demo-h1 addr add 10.0.0.9/24 dev eth0`:
 *   // adopted = ['h1:eth0 addresses: 10.0.0.1/24, 10.0.0.9/24']
 */
export function adopt(lab: Lab, observed: ObservedLab): AdoptResult {
  const resolved = resolveLab(lab);
  const out: Lab = JSON.parse(JSON.stringify(lab)) as Lab;
  const adopted: string[] = [];
  const skipped: string[] = [];
  const links = labLinks(out).map((l) => ({ ...l, endpoints: [...l.endpoints] as [string, string] }));
  let linksChanged = false;

  for (const node of resolved.nodes) {
    const o = observed[node.ns];
    if (!o) continue;
    const labNode = out.nodes[node.name]!;
    for (const want of node.ifaces) {
      const have = o.links.find((l) => l.name === want.name);
      if (!have || node.bridge) continue; // switch ports carry no addresses; their MTU follows the link
      const same = have.addresses.length === want.addresses.length && have.addresses.every((a) => want.addresses.includes(a));
      if (!same) {
        const written = labNode.interfaces?.[want.name]?.addresses ?? [];
        // keep the user's spelling of addresses that are still there, in their order
        const kept = written.filter((a) => have.addresses.includes(canonicalCidr(a)!));
        const added = have.addresses.filter((a) => !kept.some((k) => canonicalCidr(k) === a));
        labNode.interfaces = { ...labNode.interfaces, [want.name]: { ...labNode.interfaces?.[want.name], addresses: [...kept, ...added] } };
        adopted.push(`${node.name}:${want.name} addresses: ${[...kept, ...added].join(', ') || '(none)'}`);
      }
    }
    const haveRoutes = o.routes.filter(isManagedRoute);
    const written = labNode.routes ?? [];
    const keep = written.filter((_, i) => haveRoutes.some((r) => routeMatches(node.routes[i]!, r)));
    const extra = haveRoutes.filter((r) => !node.routes.some((w) => routeMatches(w, r))).map(labRoute);
    if (keep.length !== written.length || extra.length) {
      labNode.routes = [...keep, ...extra];
      if (labNode.routes.length === 0) delete labNode.routes;
      adopted.push(`${node.name} routes: ${[...keep, ...extra].map((r) => `${r.to}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`).join(', ') || '(none)'}`);
    }
  }

  // Cables: MTU and up/down are properties of the link in the lab format (both ends).
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const ends = l.endpoints.map(parseEndpoint).map((e) => {
      const ns = nsName(lab.name, e.node);
      const want = resolved.nodes.find((n) => n.name === e.node)?.ifaces.find((x) => x.name === e.iface);
      return { ...e, want, have: observed[ns]?.links.find((x) => x.name === e.iface) };
    });
    if (ends.some((e) => !e.have || !e.want)) continue;
    const key = linkKey(l);
    const [a, b] = ends as [typeof ends[0] & { have: NonNullable<typeof ends[0]['have']> }, typeof ends[1] & { have: NonNullable<typeof ends[1]['have']> }];
    const next: LabLinkObject = { ...l };
    if (a.have.mtu !== a.want!.mtu || b.have.mtu !== b.want!.mtu) {
      if (a.have.mtu === b.have.mtu) {
        next.mtu = a.have.mtu;
        for (const e of [a, b]) {
          const iface = out.nodes[e.node]?.interfaces?.[e.iface];
          if (iface?.mtu !== undefined) delete iface.mtu;
        }
        adopted.push(`link ${key} mtu: ${a.have.mtu}`);
      } else {
        // ends differ: per-interface MTUs (a link-level mtu would override them)
        delete next.mtu;
        for (const e of [a, b]) {
          const n = out.nodes[e.node]!;
          n.interfaces = { ...n.interfaces, [e.iface]: { ...n.interfaces?.[e.iface], mtu: e.have.mtu } };
        }
        adopted.push(`link ${key} mtu: ${a.node}:${a.iface} ${a.have.mtu}, ${b.node}:${b.iface} ${b.have.mtu}`);
      }
    }
    const wantUp = l.up ?? true;
    if (a.have.adminUp !== wantUp || b.have.adminUp !== wantUp) {
      if (a.have.adminUp === b.have.adminUp) {
        if (a.have.adminUp) delete next.up; else next.up = false;
        adopted.push(`link ${key} ${a.have.adminUp ? 'up' : 'down'}`);
      } else {
        const down = a.have.adminUp ? b : a;
        skipped.push(`link ${key}: only ${down.node}:${down.iface} is down; a lab sets up/down for both ends of a cable`);
      }
    }
    if (JSON.stringify(next) !== JSON.stringify(l)) { links[i] = next; linksChanged = true; }
  }
  if (linksChanged) {
    // keep the short form for links that still need nothing else
    out.links = links.map((l, i) => (Object.keys(l).length === 1 && Array.isArray(lab.links![i]) ? [l.endpoints[0], l.endpoints[1]] : l)) as Lab['links'];
  }
  return { lab: out, adopted, skipped };
}
