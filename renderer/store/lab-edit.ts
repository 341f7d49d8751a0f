/**
 * Pure edits of a lab (Lab → Lab), the vocabulary the store's actions are written in. Nothing here
 * knows about React or history; every function returns a new lab and never mutates its input.
 */
import { labLinks, linkKey, linkObject, parseEndpoint } from '../../shared/lab/links';
import type { Lab, LabInterface, LabLinkObject, LabNode, NodeKind } from '../../shared/lab/schema';
import { ifaceNameProblem, NODE_NAME, RESERVED_IFACES, BRIDGE_NAME } from '../../shared/net/names';

export interface XY { x: number; y: number }
/** What copy puts on the clipboard: the nodes and the links between them. */
export interface Fragment { nodes: Record<string, LabNode>; links: LabLinkObject[] }

const PREFIX: Record<NodeKind, string> = { host: 'h', router: 'r', switch: 'sw' };

/** Interfaces a node has: configured ones plus those named by links. */
export function usedIfaces(lab: Lab, node: string): Set<string> {
  const out = new Set(Object.keys(lab.nodes[node]?.interfaces ?? {}));
  for (const l of labLinks(lab)) for (const e of l.endpoints) {
    const ep = parseEndpoint(e);
    if (ep.node === node) out.add(ep.iface);
  }
  return out;
}

/** The next free interface name: eth0, eth1… on hosts and routers; p1, p2… on switches. */
export function nextIface(lab: Lab, node: string): string {
  const used = usedIfaces(lab, node);
  const sw = lab.nodes[node]?.kind === 'switch';
  for (let i = sw ? 1 : 0; ; i++) {
    const name = sw ? `p${i}` : `eth${i}`;
    if (!used.has(name)) return name;
  }
}

/** The first free name `<prefix><n>`, n from 1 (h1, r2, sw3…). */
export function nextNodeName(lab: Lab, prefix: string, taken: Set<string> = new Set()): string {
  for (let i = 1; ; i++) {
    const name = `${prefix}${i}`;
    if (!lab.nodes[name] && !taken.has(name)) return name;
  }
}

export function addNode(lab: Lab, kind: NodeKind, position: XY, name = nextNodeName(lab, PREFIX[kind])): { lab: Lab; name: string } {
  return { lab: { ...lab, nodes: { ...lab.nodes, [name]: { kind, position: round(position) } } }, name };
}

const round = (p: XY): XY => ({ x: Math.round(p.x), y: Math.round(p.y) });

/** Cable two nodes with the next free interface on each; null when a == b or a node is missing. */
export function connect(lab: Lab, a: string, b: string): { lab: Lab; key: string } | null {
  if (a === b || !lab.nodes[a] || !lab.nodes[b]) return null;
  const link: [string, string] = [`${a}:${nextIface(lab, a)}`, `${b}:${nextIface(lab, b)}`];
  return { lab: { ...lab, links: [...(lab.links ?? []), link] }, key: linkKey(link) };
}

export function findLink(lab: Lab, key: string): number {
  return (lab.links ?? []).findIndex((l) => linkKey(l) === key);
}

/** Remove links (by key) and the interface settings of their ends, which belong to the cable. */
export function removeLinks(lab: Lab, keys: string[]): Lab {
  if (keys.length === 0) return lab;
  const drop = new Set(keys);
  const gone = labLinks(lab).filter((l) => drop.has(linkKey(l))).flatMap((l) => l.endpoints.map(parseEndpoint));
  const nodes = { ...lab.nodes };
  for (const { node, iface } of gone) {
    const n = nodes[node];
    if (!n?.interfaces?.[iface]) continue;
    const { [iface]: _removed, ...rest } = n.interfaces;
    nodes[node] = withInterfaces(n, rest);
  }
  return { ...lab, nodes, links: (lab.links ?? []).filter((l) => !drop.has(linkKey(l))) };
}

/** Remove nodes with their links and the checks that start from or ping them. */
export function removeNodes(lab: Lab, names: string[]): Lab {
  if (names.length === 0) return lab;
  const drop = new Set(names);
  const nodes = Object.fromEntries(Object.entries(lab.nodes).filter(([n]) => !drop.has(n)));
  const links = (lab.links ?? []).filter((l) => linkObject(l).endpoints.every((e) => !drop.has(parseEndpoint(e).node)));
  const out: Lab = { ...lab, nodes, links };
  if (lab.checks) out.checks = lab.checks.filter((c) => !drop.has(c.from) && !(c.ping && drop.has(c.ping)));
  return out;
}

/** Why `name` cannot be the new name of `old`, or null. */
export function nodeNameProblem(lab: Lab, old: string, name: string): string | null {
  if (!NODE_NAME.test(name)) return 'a node name is 1-24 characters of A-Z, a-z, 0-9, "_" and "-", starting with a letter';
  if (name !== old && lab.nodes[name]) return `there is already a node named "${name}"`;
  return null;
}

/** Rename a node everywhere: its key (order kept), link endpoints and checks. */
export function renameNode(lab: Lab, old: string, name: string): Lab {
  if (old === name || !lab.nodes[old]) return lab;
  const nodes = Object.fromEntries(Object.entries(lab.nodes).map(([n, v]) => [n === old ? name : n, v]));
  const ep = (e: string) => { const p = parseEndpoint(e); return p.node === old ? `${name}:${p.iface}` : e; };
  const links = lab.links?.map((l) => (Array.isArray(l) ? [ep(l[0]), ep(l[1])] as [string, string] : { ...l, endpoints: [ep(l.endpoints[0]), ep(l.endpoints[1])] as [string, string] }));
  const out: Lab = { ...lab, nodes };
  if (links) out.links = links;
  if (lab.checks) out.checks = lab.checks.map((c) => ({ ...c, from: c.from === old ? name : c.from, ...(c.ping === old ? { ping: name } : {}) }));
  return out;
}

export function ifaceRenameProblem(lab: Lab, node: string, old: string, name: string): string | null {
  const bad = ifaceNameProblem(name);
  if (bad) return `interface name ${bad}`;
  if ((RESERVED_IFACES as readonly string[]).includes(name) || name === BRIDGE_NAME) return `"${name}" is reserved`;
  if (name !== old && usedIfaces(lab, node).has(name)) return `${node} already has an interface "${name}"`;
  return null;
}

/** Rename an interface everywhere: its settings, link endpoints and the node's routes (`dev`). */
export function renameIface(lab: Lab, node: string, old: string, name: string): Lab {
  const n = lab.nodes[node];
  if (!n || old === name) return lab;
  const ifaces = n.interfaces ? Object.fromEntries(Object.entries(n.interfaces).map(([k, v]) => [k === old ? name : k, v])) : undefined;
  const routes = n.routes?.map((r) => (r.dev === old ? { ...r, dev: name } : r));
  const updated: LabNode = { ...n };
  if (ifaces) updated.interfaces = ifaces;
  if (routes) updated.routes = routes;
  const from = `${node}:${old}`, to = `${node}:${name}`;
  const ep = (e: string) => (e === from ? to : e);
  const links = lab.links?.map((l) => (Array.isArray(l) ? [ep(l[0]), ep(l[1])] as [string, string] : { ...l, endpoints: [ep(l.endpoints[0]), ep(l.endpoints[1])] as [string, string] }));
  const out: Lab = { ...lab, nodes: { ...lab.nodes, [node]: updated } };
  if (links) out.links = links;
  return out;
}

export function updateNode(lab: Lab, name: string, fn: (n: LabNode) => LabNode): Lab {
  const n = lab.nodes[name];
  return n ? { ...lab, nodes: { ...lab.nodes, [name]: prune(fn(n)) } } : lab;
}

/** Change one interface's settings; `undefined` values remove keys, an empty interface disappears. */
export function updateIface(lab: Lab, node: string, iface: string, patch: Partial<LabInterface>): Lab {
  return updateNode(lab, node, (n) => {
    const cur = n.interfaces?.[iface] ?? {};
    const next = prune({ ...cur, ...patch }) as LabInterface;
    const rest = Object.fromEntries(Object.entries(n.interfaces ?? {}).filter(([k]) => k !== iface));
    return withInterfaces(n, Object.keys(next).length ? { ...n.interfaces, [iface]: next } : rest);
  });
}

/** Change a link's options; a link left with only endpoints is written in the short form. */
export function updateLink(lab: Lab, key: string, patch: Partial<Omit<LabLinkObject, 'endpoints'>>): Lab {
  const i = findLink(lab, key);
  if (i < 0) return lab;
  const cur = linkObject(lab.links![i]!);
  const next = prune({ ...cur, ...patch }) as LabLinkObject;
  const links = [...lab.links!];
  links[i] = Object.keys(next).length === 1 ? [next.endpoints[0], next.endpoints[1]] : next;
  return { ...lab, links };
}

export function setPositions(lab: Lab, positions: Record<string, XY>): Lab {
  const nodes = { ...lab.nodes };
  for (const [name, p] of Object.entries(positions)) if (nodes[name]) nodes[name] = { ...nodes[name], position: round(p) };
  return { ...lab, nodes };
}

/** The selected nodes and the links whose both ends are among them. */
export function copyFragment(lab: Lab, names: string[]): Fragment {
  const set = new Set(names.filter((n) => lab.nodes[n]));
  return {
    nodes: Object.fromEntries([...set].map((n) => [n, structuredClone(lab.nodes[n]!)])),
    links: labLinks(lab).filter((l) => l.endpoints.every((e) => set.has(parseEndpoint(e).node))).map((l) => structuredClone(l)),
  };
}

/**
 * Paste a fragment: nodes get fresh names (same prefix, next free number), positions move by
 * `offset`, links between them are kept. Addresses, MACs and routes are left out, since copies
 * of them would collide with the originals.
 */
export function pasteFragment(lab: Lab, frag: Fragment, offset: XY): { lab: Lab; names: string[] } {
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  for (const old of Object.keys(frag.nodes)) {
    const prefix = old.replace(/\d+$/, '') || 'n';
    const name = nextNodeName(lab, prefix, taken);
    taken.add(name);
    rename.set(old, name);
  }
  const nodes = { ...lab.nodes };
  for (const [old, n] of Object.entries(frag.nodes)) {
    const copy: LabNode = { ...structuredClone(n), position: round({ x: (n.position?.x ?? 0) + offset.x, y: (n.position?.y ?? 0) + offset.y }) };
    delete copy.routes;
    if (copy.interfaces) {
      copy.interfaces = Object.fromEntries(Object.entries(copy.interfaces).map(([k, i]) => [k, prune({ ...i, addresses: undefined, mac: undefined }) as LabInterface])
        .filter(([, i]) => Object.keys(i as object).length > 0));
    }
    nodes[rename.get(old)!] = prune(copy);
  }
  const ep = (e: string) => { const p = parseEndpoint(e); return `${rename.get(p.node)}:${p.iface}`; };
  const links = frag.links.map((l) => {
    const endpoints: [string, string] = [ep(l.endpoints[0]), ep(l.endpoints[1])];
    return Object.keys(l).length === 1 ? endpoints : { ...l, endpoints };
  });
  return { lab: { ...lab, nodes, links: [...(lab.links ?? []), ...links] }, names: [...rename.values()] };
}

function withInterfaces(n: LabNode, interfaces: Record<string, LabInterface>): LabNode {
  const out = { ...n, interfaces };
  if (Object.keys(interfaces).length === 0) delete (out as LabNode).interfaces;
  return out;
}

/** Drop keys whose value is undefined or an empty list (so the YAML stays clean). */
function prune<T extends object>(o: T): T {
  const out = { ...o } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (v === undefined || (Array.isArray(v) && v.length === 0)) delete out[k];
  return out as T;
}
