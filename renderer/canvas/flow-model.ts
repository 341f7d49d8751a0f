/**
 * Store → React Flow: nodes and edges derived from the lab, selection, deploy status and issues.
 * Node objects are reused when nothing they show changed, so React Flow skips them (its
 * `checkEquality`), and they carry their measured size (React Flow forgets it otherwise).
 *
 * Every node also carries a size and its port handle *before* React Flow has measured it
 * (`estimatedSize`, from what the card shows): the canvas renders only the nodes in view
 * (`onlyRenderVisibleElements`), and a node that is never mounted is never measured — without a
 * size it would be treated as unmeasured (React Flow then mounts it anyway), its cables would not
 * be drawn and the minimap and fitView would not know its box. Once a card is mounted, the
 * measured size (store `sizes`) replaces the estimate.
 */
import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import { useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { labLinks, linkKey, parseEndpoint } from '../../shared/lab/links';
import type { LabNode, NodeKind } from '../../shared/lab/schema';
import { useStore } from '../store';
import type { Status } from '../store/types';
import { issueCounts } from '../store/validation';

export interface LabNodeData extends Record<string, unknown> {
  name: string;
  kind: NodeKind;
  status: Status;
  message?: string;
  issues: number;
  addresses: string[];
}
export type HostFlowNode = Node<LabNodeData, 'host'>;
export type RouterFlowNode = Node<LabNodeData, 'router'>;
export type SwitchFlowNode = Node<LabNodeData, 'switch'>;
export type LabFlowNode = HostFlowNode | RouterFlowNode | SwitchFlowNode;

export interface LinkEdgeData extends Record<string, unknown> {
  key: string;
  ifA: string;
  ifB: string;
  status: Status;
  message?: string;
  down: boolean;
  shaped: boolean;
  issues: number;
  /** perpendicular offset in px, so parallel cables between two nodes do not overlap */
  offset: number;
}
export type LinkFlowEdge = Edge<LinkEdgeData, 'link'>;

/*
 * The card's box (canvas.css `.lab-node`, border-box, as Chromium lays it out at 1 device px per
 * CSS px: the 1.5 px border counts as 1 px): padding 8/12/8/8, a 32 px icon, the name (13 px
 * bold, 16 px line) and one 13 px line per address shown — the kind when there is none, at most
 * two and a "+N" line. min-width 150 px; wider for long names/addresses (estimated per character).
 */
const NAME_CHAR = 7.6, MONO_CHAR = 6.4, FRAME_W = 2 + 8 + 32 + 8 + 12, FRAME_H = 2 + 16;
export function estimatedSize(name: string, addrs: string[], far = false): { width: number; height: number } {
  // far (lod.ts LOD_ZOOM): the address lines are not shown, the icon box stays
  if (far) return { width: Math.max(150, Math.ceil(FRAME_W + name.length * NAME_CHAR)), height: FRAME_H + 32 };
  const lines = addrs.length === 0 ? 1 : Math.min(addrs.length, 2) + (addrs.length > 2 ? 1 : 0);
  const text = Math.max(name.length * NAME_CHAR, ...addrs.slice(0, 2).map((a) => a.length * MONO_CHAR));
  return { width: Math.max(150, Math.ceil(FRAME_W + text)), height: FRAME_H + Math.max(32, 16 + lines * 13) };
}
/** The port handle (canvas.css `.port-handle`: 10×10, right: -6px, centred vertically) of a card of this size. */
const portHandle = (size: { width: number; height: number }): NodeHandle[] =>
  [{ id: null, type: 'source', position: Position.Right, x: size.width - 0.5, y: size.height / 2 - 5, width: 10, height: 10 }];

const addresses = (n: LabNode) => Object.values(n.interfaces ?? {}).flatMap((i) => i.addresses ?? []);

/**
 * `far`: the canvas shows less detail (lod.ts LOD_ZOOM), which makes unmeasured cards smaller.
 * `hidden`: the overview paints the lab (OverviewLayer); React Flow keeps every node (fitView,
 * setCenter, the minimap) but mounts none.
 */
export function useFlowNodes(far = false, hidden = false): LabFlowNode[] {
  const [labNodes, selected, status, issues, lab, sizes] = useStore(useShallow((s) => [s.lab.nodes, s.selection.nodes, s.nodeStatus, s.issues, s.lab, s.sizes] as const));
  const cache = useRef(new Map<string, { key: unknown[]; node: LabFlowNode }>());
  return useMemo(() => {
    const counts = issueCounts(lab, issues).nodes;
    const sel = new Set(selected);
    const next = new Map<string, { key: unknown[]; node: LabFlowNode }>();
    const out = Object.entries(labNodes).map(([name, n], i) => {
      const st = status[name];
      const measured = sizes[name];
      const key = [n, sel.has(name), st, counts[name] ?? 0, measured ?? far, hidden];
      const prev = cache.current.get(name);
      if (prev && prev.key.every((k, j) => k === key[j])) { next.set(name, prev); return prev.node; }
      const addrs = addresses(n);
      const size = measured ?? estimatedSize(name, addrs, far);
      const node = {
        id: name,
        type: n.kind,
        position: n.position ?? { x: 60 + (i % 5) * 210, y: 60 + Math.floor(i / 5) * 120 },
        selected: sel.has(name),
        data: { name, kind: n.kind, status: st?.status ?? 'idle', message: st?.message, issues: counts[name] ?? 0, addresses: addrs },
        measured: size,
        handles: portHandle(size),
        ...(hidden ? { hidden } : {}),
      } as LabFlowNode;
      next.set(name, { key, node });
      return node;
    });
    cache.current = next;
    return out;
  }, [labNodes, selected, status, issues, lab, sizes, far, hidden]);
}

export function useFlowEdges(): LinkFlowEdge[] {
  const [lab, selected, status, issues] = useStore(useShallow((s) => [s.lab, s.selection.links, s.linkStatus, s.issues] as const));
  return useMemo(() => {
    const counts = issueCounts(lab, issues).links;
    const sel = new Set(selected);
    const pairCount = new Map<string, number>();
    const pairOf = (l: ReturnType<typeof labLinks>[number]) => l.endpoints.map((e) => parseEndpoint(e).node).sort().join('|');
    for (const l of labLinks(lab)) pairCount.set(pairOf(l), (pairCount.get(pairOf(l)) ?? 0) + 1);
    const pairSeen = new Map<string, number>();
    return labLinks(lab).flatMap((l) => {
      const pair = pairOf(l);
      const nth = pairSeen.get(pair) ?? 0;
      pairSeen.set(pair, nth + 1);
      const offset = (nth - ((pairCount.get(pair) ?? 1) - 1) / 2) * 18;
      const key = linkKey(l);
      // Sorted endpoints, as in the key: a = the smaller one.
      const [ea, eb] = [parseEndpoint(l.endpoints[0]), parseEndpoint(l.endpoints[1])].sort((x, y) => (`${x.node}:${x.iface}` < `${y.node}:${y.iface}` ? -1 : 1)) as [ReturnType<typeof parseEndpoint>, ReturnType<typeof parseEndpoint>];
      if (!lab.nodes[ea.node] || !lab.nodes[eb.node]) return [];
      const st = status[key];
      return [{
        id: key, type: 'link' as const, source: ea.node, target: eb.node, selected: sel.has(key),
        data: { key, ifA: ea.iface, ifB: eb.iface, status: st?.status ?? 'idle', message: st?.message, down: l.up === false, shaped: Boolean(l.rate || l.delay || l.loss), issues: counts[key] ?? 0, offset },
      }];
    });
  }, [lab, selected, status, issues]);
}
