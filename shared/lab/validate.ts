/**
 * Rules that relate parts of a structurally valid lab to each other: links name existing nodes,
 * endpoints are used once, gateways lie on connected subnets, addresses are unique, switch ports
 * carry no addresses. Each issue names the exact path.
 */
import { canonicalIp, contains, parseCidr, parseIp, subnetOf } from '../net/ip';
import { BRIDGE_NAME, RESERVED_IFACES, ifaceNameProblem } from '../net/names';
import type { LabIssue } from './issues';
import { parseEndpoint } from './links';
import type { Lab, LabLink, LabNode } from './schema';

export function validateLab(lab: Lab): LabIssue[] {
  const issues: LabIssue[] = [];
  const add: Add = (path, message) => { issues.push({ path, message }); };
  const { linked, downEnds } = linkRules(lab, add);
  const seenAddr = new Map<string, string>();
  for (const [name, node] of Object.entries(lab.nodes)) {
    nodeRules(name, node, linked.get(name), downEnds, add, (ip, where, path) => {
      const prev = seenAddr.get(ip);
      if (prev) add(path, `address ${ip} is also used at ${prev}`);
      else seenAddr.set(ip, where);
    });
  }
  checkRules(lab, add);
  return issues;
}

type Add = (path: LabIssue['path'], message: string) => void;

/** Link rules; returns node → interfaces named by links, and "node:iface" of ends created down. */
function linkRules(lab: Lab, add: Add): { linked: Map<string, Set<string>>; downEnds: Set<string> } {
  const nodes = lab.nodes;
  const linked = new Map<string, Set<string>>();
  const downEnds = new Set<string>();
  const usedBy = new Map<string, number>();

  (lab.links ?? []).forEach((l, li) => {
    const eps = Array.isArray(l) ? l : l.endpoints;
    const epPath = (k: number) => (Array.isArray(l) ? ['links', li, k] : ['links', li, 'endpoints', k]);
    eps.forEach((text, k) => {
      const { node, iface } = parseEndpoint(text);
      const n = nodes[node];
      if (!n) return add(epPath(k), `link endpoint "${text}" names node "${node}", which is not in nodes`);
      const bad = ifaceNameProblem(iface);
      if (bad) return add(epPath(k), `interface name "${iface}" ${bad}`);
      if (reservedOn(n, iface)) return add(epPath(k), `interface name "${iface}" is reserved (nslab creates it inside the node)`);
      const prev = usedBy.get(text);
      if (prev !== undefined) return add(epPath(k), `endpoint "${text}" is already used by links[${prev}]; each interface takes one cable`);
      usedBy.set(text, li);
      if (!linked.has(node)) linked.set(node, new Set());
      linked.get(node)!.add(iface);
    });
    if (!Array.isArray(l) && l.up === false) for (const e of eps) downEnds.add(e);
    if (!Array.isArray(l)) {
      if (l.jitter && !l.delay) add(['links', li, 'jitter'], 'jitter needs a delay');
      if (l.mtu !== undefined) {
        for (const text of eps) {
          const { node, iface } = parseEndpoint(text);
          const own = ownMtu(nodes[node], iface);
          if (own !== undefined && own !== l.mtu) add(['links', li, 'mtu'], `the link's MTU ${l.mtu} contradicts nodes.${node}.interfaces.${iface}.mtu ${own}`);
        }
      }
    }
  });
  return { linked, downEnds };
}

/**
 * Whether linkRules finds nothing wrong with a link on its own, whatever the lab: valid interface
 * names and no jitter without delay. The rest of linkRules depends on the lab (the ends' nodes
 * exist, reservedOn, ownMtu, each endpoint used once); shared/lab/incremental.ts checks those on
 * every apply and this once per parsed link.
 */
export function linkAloneClean(l: LabLink): boolean {
  const eps = Array.isArray(l) ? l : l.endpoints;
  for (const text of eps) if (ifaceNameProblem(parseEndpoint(text).iface)) return false;
  return Array.isArray(l) || !(l.jitter && !l.delay);
}

/** An interface name nslab creates itself inside node `n`. */
export const reservedOn = (n: LabNode, iface: string): boolean =>
  (RESERVED_IFACES as readonly string[]).includes(iface) || (n.kind === 'switch' && iface === BRIDGE_NAME);

/** The MTU node `n` sets on its interface `iface`, which a link's MTU may not contradict. */
export const ownMtu = (n: LabNode | undefined, iface: string): number | undefined => n?.interfaces?.[iface]?.mtu;

/**
 * One node's own rules, given the interfaces links name on it and the down link ends. Each
 * address (canonical) goes to `onAddress` in order, where validateLab checks uniqueness.
 */
export function nodeRules(name: string, node: LabNode, linked: Set<string> | undefined, downEnds: Set<string>, add: Add,
  onAddress: (ip: string, where: string, path: LabIssue['path']) => void): void {
  const connected = parseConnected(node.interfaces);
  for (const [ifname, iface] of Object.entries(node.interfaces ?? {})) {
    const base = ['nodes', name, 'interfaces', ifname];
    if (!linked?.has(ifname)) add(base, `interface "${ifname}" is not connected by any link; add a link to ${name}:${ifname} or remove it`);
    if (node.kind === 'switch' && iface.addresses?.length) add([...base, 'addresses'], 'switch ports carry no addresses (a switch is a bridge); put the address on a host or router');
    const v6 = iface.addresses?.some((a) => parseCidr(a)?.family === 6);
    const mtu = iface.mtu;
    if (v6 && mtu !== undefined && mtu < 1280) add([...base, 'mtu'], 'IPv6 needs an MTU of at least 1280');
    (iface.addresses ?? []).forEach((a, ai) => {
      const ip = canonicalIp(a.split('/')[0]!)!;
      onAddress(ip, `nodes.${name}.interfaces.${ifname}.addresses[${ai}]`, [...base, 'addresses', ai]);
    });
  }
  if (node.kind === 'switch') {
    if (node.routes?.length) add(['nodes', name, 'routes'], 'a switch has no routes (it is a bridge, not a router)');
  } else if (node.stp !== undefined) {
    add(['nodes', name, 'stp'], 'stp applies only to switches');
  }
  const seenRoute = new Set<string>();
  (node.routes ?? []).forEach((r, ri) => {
    const path = ['nodes', name, 'routes', ri];
    const via = r.via ? parseIp(r.via) : null;
    const to = r.to === 'default' ? null : parseCidr(r.to);
    const family = to?.family ?? via?.family ?? 4;
    if (via && to && via.family !== to.family) return add([...path, 'via'], `gateway ${r.via} is IPv${via.family} but ${r.to} is IPv${to.family}`);
    if (r.dev && !linked?.has(r.dev)) add([...path, 'dev'], `interface "${r.dev}" of ${name} is not connected by any link`);
    if (via) {
      const onSubnet = connected.filter((c) => (!r.dev || c.iface === r.dev) && contains(c.cidr, via));
      if (onSubnet.length === 0) add([...path, 'via'], `gateway ${r.via} is on no subnet connected to ${name}${r.dev ? ` via ${r.dev}` : ''}`);
      else if (onSubnet.every((c) => downEnds.has(`${name}:${c.iface}`))) add([...path, 'via'], `gateway ${r.via} is reachable only through ${name}:${onSubnet[0]!.iface}, whose link is down (up: false); the kernel refuses such a route`);
      else if (connected.some((c) => c.cidr.addr === via.value && c.cidr.family === via.family)) add([...path, 'via'], `gateway ${r.via} is ${name}'s own address`);
    }
    const key = `${family}|${r.to === 'default' ? 'default' : canonicalNet(r.to)}|${r.metric ?? 0}`;
    if (seenRoute.has(key)) add(path, `a route to ${r.to}${r.metric !== undefined ? ` with metric ${r.metric}` : ''} is already listed`);
    seenRoute.add(key);
  });
}

export function checkRules(lab: Lab, add: Add): void {
  (lab.checks ?? []).forEach((c, ci) => {
    if (!lab.nodes[c.from]) add(['checks', ci, 'from'], `node "${c.from}" is not in nodes`);
    if (c.ping !== undefined && !lab.nodes[c.ping] && !parseIp(c.ping)) add(['checks', ci, 'ping'], `"${c.ping}" is neither a node name nor an address`);
  });
}

function parseConnected(ifaces: Lab['nodes'][string]['interfaces']) {
  return Object.entries(ifaces ?? {}).flatMap(([iface, i]) =>
    (i.addresses ?? []).map((a) => ({ iface, cidr: parseCidr(a)! })));
}

const canonicalNet = (text: string): string => subnetOf(parseCidr(text)!);
