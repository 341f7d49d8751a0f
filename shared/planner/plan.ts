/**
 * The planner: (desired lab, observed kernel state) → ordered kernel operations. Pure. An empty
 * plan means the kernel already matches the lab — the same function computes drift.
 *
 * Operations are emitted in STAGE order (shared/ops/types.ts); inside one namespace their order is
 * kept. Removals come first so names are free before they are reused, and nothing is removed
 * twice: deleting one end of a veth (or a whole namespace) takes the peer end with it, so the
 * planner works out what disappears on its own before emitting anything.
 */
import type { DesiredIface, DesiredLab, DesiredLink, DesiredNode, DesiredRoute } from './desired';
import { ALIAS_PREFIX, FORWARDING_KEYS } from '../lab/resolve';
import { canonicalQdisc } from '../net/tc-units';
import { LAB_TAG_PREFIX } from '../ops/render';
import { contains, parseCidr, parseIp, type Cidr } from '../net/ip';
import { STAGE, type Op } from '../ops/types';
import { isManagedRoute, type ObservedLab, type ObservedLink, type ObservedNs, type ObservedRoute } from '../state/observed';

/**
 * Set in a fresh namespace before its interfaces exist. No duplicate address detection, so
 * link-local IPv6 addresses are usable the moment a cable is up (lab addresses are unique by
 * validation; with DAD a router's first IPv6 forward fails for about two seconds).
 */
export const EARLY_SYSCTL: Record<string, string> = {
  'net.ipv6.conf.all.accept_dad': '0',
  'net.ipv6.conf.default.accept_dad': '0',
  // Deleting a primary IPv4 address would otherwise delete its secondaries with it.
  'net.ipv4.conf.all.promote_secondaries': '1',
  'net.ipv4.conf.default.promote_secondaries': '1',
};

const labOfNs = (node: DesiredNode): string => node.ns.slice('nslab-'.length, node.ns.length - node.name.length - 1);

/** New namespaces start with these values, so setting them would be a no-op. */
const FRESH_DEFAULTS: Record<string, string> = { [FORWARDING_KEYS[0]]: '0', [FORWARDING_KEYS[1]]: '0' };

export interface PlanInput {
  desired: DesiredLab;
  observed: ObservedLab;
  /** namespaces the ledger says this lab owns (may include nodes no longer in the lab) */
  owned: readonly string[];
}

/**
 * @example
 *   const ops = plan({ desired: resolveLab(lab), observed: {}, owned: [] });
 *   ops.map(commandLine) // ['ip netns add nslab-demo-h1', …]
 */
export function plan(input: PlanInput): Op[] {
  return planSome(input, null, removedNamespaces(input));
}

/**
 * The ops plan(input) gives for the namespaces in `only` (those with `op.ns` in it), in the same
 * order, computed without planning the other namespaces' own state. Pure, like plan.
 */
export function planSubset(input: PlanInput, only: ReadonlySet<string>): Op[] {
  return planSome(input, only, removedNamespaces(input));
}

/**
 * planSubset, for a caller that already knows removedNamespaces(input) (incremental.ts): working
 * them out takes a pass over the whole lab, which is most of the cost of planning a few namespaces.
 */
export function planSubsetKnowingRemovals(input: PlanInput, only: ReadonlySet<string>, removed: readonly string[]): Op[] {
  return planSome(input, only, removed);
}

/** Namespaces of removed nodes: owned by the lab, existing, no longer nodes of it. Sorted. */
export function removedNamespaces({ desired, observed, owned }: PlanInput): string[] {
  const desiredNs = new Set(desired.nodes.map((n) => n.ns));
  return [...new Set(owned.filter((ns) => !desiredNs.has(ns) && observed[ns]))].sort();
}

/**
 * With `only`, the work stays proportional to the namespaces planned and their neighbours where
 * it can: loops over the whole lab only test membership, and indexes of the whole lab are built
 * only when a rare case asks for them (planReusing plans a few of hundreds of namespaces).
 */
function planSome({ desired, observed }: PlanInput, only: ReadonlySet<string> | null, removedNs: readonly string[]): Op[] {
  const ops: Op[] = [];
  const emit = only ? (op: Op) => { if (only.has(op.ns)) ops.push(op); } : (op: Op) => { ops.push(op); };
  const labPrefix = `nslab-${desired.name}-`;

  // Namespaces of removed nodes go; everything inside them goes with them.
  for (const ns of removedNs) emit({ kind: 'netns.del', ns, node: ns.slice(labPrefix.length) });

  /** "ns/ifname" of interfaces that will be gone after the removals: no op may touch them again. */
  const gone = new Set<string>();
  /** desired cable by "ns/iface" of either end; only ends without an nslab alias ask for it */
  let linkByEnd: Map<string, DesiredLink> | null = null;
  const linkEndingAt = (ns: string, name: string) => {
    if (!linkByEnd) {
      linkByEnd = new Map();
      for (const link of desired.links) {
        linkByEnd.set(`${link.a.ns}/${link.a.iface}`, link);
        linkByEnd.set(`${link.b.ns}/${link.b.iface}`, link);
      }
    }
    return linkByEnd.get(`${ns}/${name}`);
  };
  /**
   * The other end of a veth we made, if it exists. A cable is ours when its alias names it; an end
   * may still lack the alias when the engine stopped between creating the cable and tagging it
   * (the kernel ignores the alias on `link add`), so an untagged end at the place the alias — or,
   * for an untagged cable, the lab — puts it counts as the peer.
   */
  // The kernel's own pairing (each end's peer ifindex, both ways), where the observer knows it:
  // it identifies a cable whose alias was changed by hand. Ifindexes are per namespace, so only a
  // candidate the aliases or the lab point to is checked, and both directions must agree.
  const mutual = (l: ObservedLink, p: ObservedLink) =>
    l.peerIfindex !== undefined && p.peerIfindex !== undefined && l.peerIfindex === p.ifindex && p.peerIfindex === l.ifindex;
  const linkAt = (e: { ns: string; name: string }) => observed[e.ns]?.links.find((x) => x.name === e.name);
  /** The end that `l`'s own alias, or else the lab's cable at it, points to — if that end agrees. */
  const pointedPeer = (ns: string, l: ObservedLink): { ns: string; name: string } | null => {
    let other: { ns: string; name: string } | undefined;
    let alias: string | null = null;
    if (l.alias?.startsWith(ALIAS_PREFIX)) {
      alias = l.alias;
      other = l.alias.slice(ALIAS_PREFIX.length).split('--').map((e) => {
        const i = e.indexOf(':');
        return { ns: labPrefix + e.slice(0, i), name: e.slice(i + 1) };
      }).find((e) => !(e.ns === ns && e.name === l.name));
    } else {
      const link = linkEndingAt(ns, l.name);
      if (!link) return null;
      // untagged (an apply stopped before tagging it): the lab's cable there; tagged by someone
      // else: only if the kernel confirms the pairing below
      if (!l.alias) alias = ALIAS_PREFIX + link.key;
      other = link.a.ns === ns && link.a.iface === l.name ? { ns: link.b.ns, name: link.b.iface } : { ns: link.a.ns, name: link.a.iface };
    }
    if (!other) return null;
    const peer = linkAt(other);
    if (!peer || peer.kind !== 'veth') return null;
    return mutual(l, peer) || (alias !== null && (peer.alias === alias || !peer.alias)) ? other : null;
  };
  // ends by the ends their nslab alias names: built only when an end points nowhere itself
  let namedBy: Map<string, { ns: string; name: string }[]> | null = null;
  const pointingAt = (ns: string, name: string) => {
    if (!namedBy) {
      namedBy = new Map();
      for (const [ons, o] of Object.entries(observed)) {
        for (const x of o?.links ?? []) {
          if (x.kind !== 'veth' || !x.alias?.startsWith(ALIAS_PREFIX)) continue;
          for (const e of x.alias.slice(ALIAS_PREFIX.length).split('--')) {
            const i = e.indexOf(':'), key = `${labPrefix}${e.slice(0, i)}/${e.slice(i + 1)}`;
            if (key === `${ons}/${x.name}`) continue;
            (namedBy.get(key) ?? namedBy.set(key, []).get(key)!).push({ ns: ons, name: x.name });
          }
        }
      }
    }
    return namedBy.get(`${ns}/${name}`) ?? [];
  };
  /**
   * The other end of the veth pair `l`, as far as the observation shows: the end it points to
   * (pointedPeer), or else an end that points to it and that it agrees with — the same relation
   * seen from either end, so that a plan (or a plan of a subset) removes a cable once.
   */
  const peerOf = (ns: string, l: ObservedLink): { ns: string; name: string } | null => {
    if (l.kind !== 'veth') return null;
    const p = pointedPeer(ns, l);
    if (p) return p;
    for (const e of pointingAt(ns, l.name)) {
      const back = pointedPeer(e.ns, linkAt(e)!);
      if (back && back.ns === ns && back.name === l.name) return e;
    }
    return null;
  };
  const removeLink = (ns: string, l: ObservedLink, subject: { node?: string; link?: string }) => {
    if (isGone(gone, ns, l.name)) return;
    emit({ kind: 'link.del', ns, name: l.name, ...subject });
    gone.add(`${ns}/${l.name}`);
    const peer = peerOf(ns, l);
    if (peer) gone.add(`${peer.ns}/${peer.name}`);
  };
  // Cables of removed namespaces are deleted explicitly, before their namespace (see STAGE).
  for (const ns of removedNs) {
    for (const l of observed[ns]!.links) if (l.kind === 'veth') removeLink(ns, l, { node: ns.slice(labPrefix.length) });
  }
  const live = (ns: string, name: string): ObservedLink | undefined =>
    isGone(gone, ns, name) ? undefined : linkNamed(observed[ns], name);

  // Cables: an intact cable is a veth pair carrying this link's alias at both named ends.
  // (Decided before any interface below is removed, hence computed here for every link needed.)
  const intact = new Set<string>();
  const isIntact = (link: DesiredLab['links'][number]) => {
    const a = live(link.a.ns, link.a.iface), b = live(link.b.ns, link.b.iface);
    const alias = ALIAS_PREFIX + link.key;
    return !!(a && b && a.kind === 'veth' && b.kind === 'veth' && a.alias === alias && b.alias === alias);
  };
  // With `only`: the namespaces whose removals can mark an interface of `only` gone are `only`
  // and those its cables' aliases name (peerOf matches both ends' aliases); their decisions
  // depend only on their own state, their cables' intactness and earlier removals among them.
  const touched = only ? new Set(only) : null;
  if (only) {
    for (const ns of only) {
      for (const l of observed[ns]?.links ?? []) {
        if (l.kind !== 'veth') continue;
        const peer = peerOf(ns, l);
        if (peer) touched!.add(peer.ns);
        if (!l.alias?.startsWith(ALIAS_PREFIX)) continue;
        for (const e of l.alias.slice(ALIAS_PREFIX.length).split('--')) touched!.add(labPrefix + e.slice(0, e.indexOf(':')));
      }
    }
  }
  // The cables and nodes the rest is about: with `only`, those at `touched`, and the nodes at
  // the ends of cables at `only` (found in one pass over each: forEach/filter, see incremental.ts).
  let links = desired.links, nodes = desired.nodes;
  if (touched) {
    links = links.filter((link) => touched.has(link.a.ns) || touched.has(link.b.ns));
    const near = new Set(touched);
    for (const link of links) if (only!.has(link.a.ns) || only!.has(link.b.ns)) near.add(link.a.ns).add(link.b.ns);
    nodes = nodes.filter((node) => near.has(node.ns));
  }
  for (const link of links) if (isIntact(link)) intact.add(link.key);
  // Interfaces that must go: not wanted any more, or standing where a cable must be (re)made.
  for (const node of nodes) {
    if (touched && !touched.has(node.ns)) continue;
    const o = observed[node.ns];
    if (!o) continue;
    for (const l of o.links) {
      if (l.name === 'lo' || (node.bridge && l.name === node.bridge.name)) continue;
      const want = ifaceNamed(node, l.name);
      const keep = want && intact.has(linkOf(want));
      if (!keep) removeLink(node.ns, l, { node: node.name, ...(want ? { link: linkOf(want) } : {}) });
    }
    if (node.bridge) {
      const br = linkNamed(o, node.bridge.name);
      if (br && br.kind !== 'bridge') removeLink(node.ns, br, { node: node.name });
    }
  }

  // Per node: everything else, in stage order later.
  for (const node of nodes) if (!only || only.has(node.ns)) nodeOps(node, ops, observed, gone);

  // Cables to (re)create, from their first end; the peer end is configured in its own namespace.
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const link of links) {
    if (only && !only.has(link.a.ns) && !only.has(link.b.ns)) continue;
    if (intact.has(link.key)) continue;
    const aNode = byName.get(link.a.node)!;
    const bNode = byName.get(link.b.node)!;
    const ai = ifaceNamed(aNode, link.a.iface)!;
    const bi = ifaceNamed(bNode, link.b.iface)!;
    emit({
      kind: 'veth.add', ns: link.a.ns, name: ai.name, mtu: ai.mtu, mac: ai.mac,
      peerNs: link.b.ns, peerName: bi.name, peerMtu: bi.mtu, peerMac: bi.mac, link: link.key,
    });
    if (!only || only.has(aNode.ns)) freshIface(aNode, ai, ops, link.key);
    if (!only || only.has(bNode.ns)) freshIface(bNode, bi, ops, link.key);
  }

  // Stable sort by stage: keeps each namespace's relative order.
  return ops.map((op, i) => ({ op, i })).sort((x, y) => STAGE[x.op.kind] - STAGE[y.op.kind] || x.i - y.i).map((x) => x.op);
}

function nodeOps(node: DesiredNode, ops: Op[], observed: ObservedLab, gone: ReadonlySet<string>): void {
  const o = observed[node.ns];
  const subject = { node: node.name };
  if (!o) ops.push({ kind: 'netns.add', ns: node.ns, ...subject });
  // The loopback tag is the last step of a namespace's setup: without it (a fresh namespace, or
  // the engine died right after creating it) the whole setup runs (again).
  const lo = linkNamed(o, 'lo');
  if (!lo || !lo.adminUp || lo.alias !== LAB_TAG_PREFIX + labOfNs(node)) {
    for (const [key, value] of Object.entries(EARLY_SYSCTL)) ops.push({ kind: 'sysctl.early', ns: node.ns, key, value, ...subject });
    ops.push({ kind: 'ns.init', ns: node.ns, lab: labOfNs(node), ...subject });
  }
  if (node.bridge) {
    const br = o?.links.find((l) => l.name === node.bridge!.name && l.kind === 'bridge' && !isGone(gone, node.ns, l.name));
    if (!br) {
      ops.push({ kind: 'bridge.add', ns: node.ns, name: node.bridge.name, stp: node.bridge.stp, ...subject });
      ops.push({ kind: 'link.set', ns: node.ns, name: node.bridge.name, up: true, ...subject });
    } else {
      if ((br.stp ?? false) !== node.bridge.stp) ops.push({ kind: 'bridge.set', ns: node.ns, name: br.name, stp: node.bridge.stp, ...subject });
      if (!br.adminUp) ops.push({ kind: 'link.set', ns: node.ns, name: br.name, up: true, ...subject });
    }
  }
  // Interfaces of intact cables: change only what differs. (Nothing is allocated for an interface
  // that needs nothing: most of them, when planning again.)
  for (const want of node.ifaces) {
    const have = linkNamed(o, want.name);
    if (!have || isGone(gone, node.ns, want.name)) continue; // (re)created with its cable
    const mtu = have.mtu !== want.mtu;
    const mac = !!want.mac && have.mac.toLowerCase() !== want.mac;
    const master = (have.master ?? null) !== want.master;
    const up = have.adminUp !== want.up;
    if (mtu || mac || master || up) {
      ops.push({
        kind: 'link.set', ns: node.ns, name: want.name,
        ...(mtu ? { mtu: want.mtu } : {}), ...(mac ? { mac: want.mac! } : {}), ...(master ? { master: want.master } : {}), ...(up ? { up: want.up } : {}),
        node: node.name, link: linkOf(want),
      });
    }
    for (const a of have.addresses) if (!want.addresses.includes(a)) ops.push({ kind: 'addr.del', ns: node.ns, dev: want.name, cidr: a, node: node.name, link: linkOf(want) });
    for (const a of want.addresses) if (!have.addresses.includes(a)) ops.push({ kind: 'addr.add', ns: node.ns, dev: want.name, cidr: a, node: node.name, link: linkOf(want) });
    if (!sameQdisc(have.qdisc, want.qdisc)) {
      const s = { node: node.name, link: linkOf(want) };
      ops.push(want.qdisc ? { kind: 'qdisc.replace', ns: node.ns, dev: want.name, qdisc: want.qdisc, ...s } : { kind: 'qdisc.del', ns: node.ns, dev: want.name, ...s });
    }
  }
  // Routes: those the kernel made for addresses are its own; manage only boot/static ones.
  const have = (o?.routes ?? []).filter(isManagedRoute);
  // Removing the last address of a subnet makes the kernel flush routes through gateways on it:
  // such routes are re-installed (route replace is idempotent if one survived).
  const removedNets = o ? lostSubnets(node, o) : [];
  const atRisk = (w: DesiredRoute) => w.via !== null && removedNets.some((n) => contains(n, parseIp(w.via!)!));
  for (const r of have) {
    if (r.dev && isGone(gone, node.ns, r.dev)) continue; // leaves with its interface
    if (!node.routes.some((w) => routeMatches(w, r))) ops.push({ kind: 'route.del', ns: node.ns, route: asDesired(r), ...subject });
  }
  for (const w of node.routes) {
    const kept = !atRisk(w) && have.some((r) => routeMatches(w, r) && !(r.dev && isGone(gone, node.ns, r.dev)));
    if (!kept) ops.push({ kind: 'route.add', ns: node.ns, route: w, ...subject });
  }
  for (const key of Object.keys(node.sysctl)) {
    const value = node.sysctl[key]!;
    const current = o ? o.sysctl[key] : FRESH_DEFAULTS[key];
    if (current !== value) ops.push({ kind: 'sysctl.set', ns: node.ns, key, value, ...subject });
  }
}

/** Subnets an interface loses its last address in (only addresses removed are parsed). */
function lostSubnets(node: DesiredNode, o: ObservedNs): Cidr[] {
  const out: Cidr[] = [];
  for (const l of o.links) {
    const want = ifaceNamed(node, l.name);
    if (!want || l.addresses.every((a) => want.addresses.includes(a))) continue;
    const kept = l.addresses.filter((a) => want.addresses.includes(a)).map((a) => parseCidr(a)!);
    for (const a of l.addresses) {
      if (want.addresses.includes(a)) continue;
      const gone = parseCidr(a)!;
      if (!kept.some((k) => k.family === gone.family && k.prefix === gone.prefix && contains(k, { family: gone.family, value: gone.addr }))) out.push(gone);
    }
  }
  return out;
}

const linkNamed = (o: ObservedNs | undefined, name: string): ObservedLink | undefined => o?.links.find((l) => l.name === name);
const ifaceNamed = (node: DesiredNode, name: string): DesiredIface | undefined => node.ifaces.find((i) => i.name === name);

/** The key of the cable an interface is an end of (its alias names it). */
const linkOf = (i: DesiredIface): string => i.alias.slice(ALIAS_PREFIX.length);

/** (The set is empty unless something is removed: then no key is built.) */
const isGone = (gone: ReadonlySet<string>, ns: string, name: string): boolean => gone.size > 0 && gone.has(`${ns}/${name}`);

/** A cable's end just made: bring it up, enslave it, shape it, address it. */
function freshIface(node: DesiredNode, i: DesiredIface, ops: Op[], link: string): void {
  const s = { node: node.name, link };
  ops.push({ kind: 'link.set', ns: node.ns, name: i.name, ...(i.master ? { master: i.master } : {}), alias: i.alias, up: i.up, ...s });
  if (i.qdisc) ops.push({ kind: 'qdisc.replace', ns: node.ns, dev: i.name, qdisc: i.qdisc, ...s });
  for (const a of i.addresses) ops.push({ kind: 'addr.add', ns: node.ns, dev: i.name, cidr: a, ...s });
}

function routeMatches(w: DesiredRoute, r: ObservedRoute): boolean {
  return w.family === r.family && w.to === r.to && w.metric === r.metric && w.via === r.via && (w.dev === null || w.dev === r.dev);
}

const asDesired = (r: ObservedRoute): DesiredRoute => ({ family: r.family, to: r.to, via: r.via, dev: r.dev, metric: r.metric });

function sameQdisc(a: DesiredIface['qdisc'], b: DesiredIface['qdisc']): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind) return false;
  return JSON.stringify(canonicalQdisc(a)) === JSON.stringify(canonicalQdisc(b));
}
