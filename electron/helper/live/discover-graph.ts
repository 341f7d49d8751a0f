/**
 * Pure part of discovery: namespaces with their interfaces and nsid tables → cables.
 *
 * A veth end knows its peer only as (nsid, ifindex), and nsids are per namespace: nsid 0 in one
 * namespace and nsid 0 in another are different namespaces, and ifindexes repeat across
 * namespaces. So a pair is placed by a mutual match — A's peer ifindex is B's ifindex and B's
 * peer ifindex is A's — narrowed, where names are known, by each namespace's nsid table
 * (`ip netns list-id`: nsid → name). A pair that stays ambiguous is reported unresolved rather
 * than guessed.
 */
import type { DiscoveredLink, DiscoveredNs, IfaceRef } from '../../../shared/state/discovery';

/** nsid → namespace name, as seen from inside one namespace */
export type NsidTable = Map<number, string>;

export function buildLinks(namespaces: DiscoveredNs[], nsids: Map<string, NsidTable>): { links: DiscoveredLink[]; unresolved: IfaceRef[] } {
  const links: DiscoveredLink[] = [];
  const unresolved: IfaceRef[] = [];
  const byName = new Map(namespaces.filter((n) => n.name).map((n) => [n.name!, n]));
  const done = new Set<string>();
  const key = (ns: string, iface: string) => `${ns}/${iface}`;

  for (const ns of namespaces) {
    for (const i of ns.interfaces) {
      if (i.kind !== 'veth' || i.peerIfindex === null || done.has(key(ns.id, i.name))) continue;
      // where the nsid table names the peer's namespace, only that namespace qualifies
      const named = i.peerNsid !== null ? nsids.get(ns.id)?.get(i.peerNsid) : undefined;
      // no nsid: the peer is in the same namespace
      const pool = i.peerNsid === null ? [ns] : named ? [byName.get(named)].filter((x): x is DiscoveredNs => !!x) : namespaces;
      const candidates = pool.flatMap((other) => other.interfaces
        .filter((p) => p.kind === 'veth' && p.ifindex === i.peerIfindex && p.peerIfindex === i.ifindex && (p.peerNsid === null) === (other.id === ns.id))
        .filter((p) => {
          // the peer's own table, if it names our namespace, must agree
          const back = p.peerNsid !== null ? nsids.get(other.id)?.get(p.peerNsid) : undefined;
          return back === undefined || back === ns.name;
        })
        .map((p) => ({ other, p })));
      if (candidates.length !== 1) { unresolved.push({ ns: ns.id, iface: i.name }); continue; }
      const { other, p } = candidates[0]!;
      done.add(key(ns.id, i.name));
      done.add(key(other.id, p.name));
      links.push({ kind: 'veth', a: { ns: ns.id, iface: i.name }, b: { ns: other.id, iface: p.name } });
    }
    for (const i of ns.interfaces) {
      if (!i.master) continue;
      const br = ns.interfaces.find((b) => b.name === i.master && b.kind === 'bridge');
      if (br) links.push({ kind: 'bridge-port', bridge: { ns: ns.id, iface: br.name }, port: { ns: ns.id, iface: i.name } });
    }
  }
  return { links, unresolved: unresolved.filter((u) => !done.has(key(u.ns, u.iface))) };
}
