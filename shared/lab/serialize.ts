/**
 * Lab → YAML text, in the key order and layout of lab-format.md, so a lab saved by the app reads
 * like one written by hand and diffs cleanly in git: short lists (addresses, endpoints, routes,
 * positions) in flow style, short-form links `[a, b]` when a link has no options, positions rounded
 * to whole pixels. Text → lab is parse.ts (`parseLab`); `parseLab(serializeLab(lab))` gives `lab` back.
 */
import { Document, type Node as YNode } from 'yaml';
import type { Lab, LabCheck, LabInterface, LabLink, LabNode, LabRoute } from './schema';

const LAB_KEYS = ['version', 'name', 'description', 'nodes', 'links', 'checks', 'exercise'] as const;
const NODE_KEYS = ['kind', 'interfaces', 'routes', 'sysctl', 'stp', 'position'] as const;
const IFACE_KEYS = ['addresses', 'mtu', 'mac'] as const;
const ROUTE_KEYS = ['to', 'via', 'dev', 'metric'] as const;
const LINK_KEYS = ['endpoints', 'mtu', 'up', 'rate', 'delay', 'jitter', 'loss'] as const;
const CHECK_KEYS = ['name', 'from', 'ping', 'route', 'command', 'expect'] as const;
const EXERCISE_KEYS = ['instructions', 'hidden_checks'] as const;

/** Copy `obj`'s defined keys in `keys` order (unknown keys follow, so nothing is silently lost). */
function ordered<T extends object>(obj: T, keys: readonly string[], map: (key: string, value: unknown) => unknown = (_k, v) => v): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rec = obj as Record<string, unknown>;
  for (const k of [...keys, ...Object.keys(rec).filter((k) => !keys.includes(k))]) {
    if (rec[k] !== undefined) out[k] = map(k, rec[k]);
  }
  return out;
}

/**
 * The lab as YAML text.
 *
 * @example
 * serializeLab({ name: 'p2p', nodes: { h1: { kind: 'host' }, h2: { kind: 'host' } }, links: [['h1:eth0', 'h2:eth0']] })
 * // name: p2p\nnodes:\n  h1:\n    kind: host\n  h2:\n    kind: host\nlinks:\n  - [h1:eth0, h2:eth0]\n
 */
export function serializeLab(lab: Lab): string {
  const doc = new Document();
  const flow = (v: unknown): YNode => doc.createNode(v, { flow: true }) as YNode;

  const iface = (i: LabInterface) => ordered(i, IFACE_KEYS, (k, v) => (k === 'addresses' ? flow(v) : v));
  const route = (r: LabRoute) => flow(ordered(r, ROUTE_KEYS));
  const node = (n: LabNode) => ordered(n, NODE_KEYS, (k, v) => {
    if (k === 'interfaces') return Object.fromEntries(Object.entries(v as Record<string, LabInterface>).map(([name, i]) => [name, iface(i)]));
    if (k === 'routes') return (v as LabRoute[]).map(route);
    if (k === 'position') { const p = v as { x: number; y: number }; return flow({ x: Math.round(p.x), y: Math.round(p.y) }); }
    return v;
  });
  const link = (l: LabLink) => {
    if (Array.isArray(l)) return flow([l[0], l[1]]);
    const extra = Object.keys(l).some((k) => k !== 'endpoints' && (l as Record<string, unknown>)[k] !== undefined);
    if (!extra) return flow([l.endpoints[0], l.endpoints[1]]);
    return ordered(l, LINK_KEYS, (k, v) => (k === 'endpoints' ? flow(v) : v));
  };
  const check = (c: LabCheck) => ordered(c, CHECK_KEYS, (k, v) => (k === 'route' || k === 'command' || (k === 'expect' && typeof v === 'object') ? flow(v) : v));

  const top = ordered(lab, LAB_KEYS, (k, v) => {
    if (k === 'nodes') return Object.fromEntries(Object.entries(v as Lab['nodes']).map(([name, n]) => [name, node(n)]));
    if (k === 'links') return (v as LabLink[]).map(link);
    if (k === 'checks') return (v as LabCheck[]).map(check);
    if (k === 'exercise') return ordered(v as object, EXERCISE_KEYS);
    return v;
  });
  doc.contents = doc.createNode(top) as typeof doc.contents;
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}
