/**
 * Store → React Flow: nodes and edges derived from the lab, selection, deploy status and issues.
 * Node objects are reused when nothing they show changed, so React Flow skips them (its
 * `checkEquality`), and they carry their measured size (React Flow forgets it otherwise).
 */
import type { Edge, Node } from '@xyflow/react';
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

const addresses = (n: LabNode) => Object.values(n.interfaces ?? {}).flatMap((i) => i.addresses ?? []);

export function useFlowNodes(): LabFlowNode[] {
  const [labNodes, selected, status, issues, lab, sizes] = useStore(useShallow((s) => [s.lab.nodes, s.selection.nodes, s.nodeStatus, s.issues, s.lab, s.sizes] as const));
  const cache = useRef(new Map<string, { key: unknown[]; node: LabFlowNode }>());
  return useMemo(() => {
    const counts = issueCounts(lab, issues).nodes;
    const sel = new Set(selected);
    const next = new Map<string, { key: unknown[]; node: LabFlowNode }>();
    const out = Object.entries(labNodes).map(([name, n], i) => {
      const st = status[name];
      const size = sizes[name];
      const key = [n, sel.has(name), st, counts[name] ?? 0, size];
      const prev = cache.current.get(name);
      if (prev && prev.key.every((k, j) => k === key[j])) { next.set(name, prev); return prev.node; }
      const node = {
        id: name,
        type: n.kind,
        position: n.position ?? { x: 60 + (i % 5) * 210, y: 60 + Math.floor(i / 5) * 120 },
        selected: sel.has(name),
        data: { name, kind: n.kind, status: st?.status ?? 'idle', message: st?.message, issues: counts[name] ?? 0, addresses: addresses(n) },
        ...(size ? { measured: size } : {}),
      } as LabFlowNode;
      next.set(name, { key, node });
      return node;
    });
    cache.current = next;
    return out;
  }, [labNodes, selected, status, issues, lab, sizes]);
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
