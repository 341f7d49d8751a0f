/**
 * The overview's items from the canvas's flow model: every node's box and look, every cable's ends
 * and look, from the same inputs the cards and cables use (flow-model's nodes and edges, the live
 * state through live/hooks' selectors, the capture and trace marks). `overviewItems` is pure; the
 * hook feeds it from the store and recomputes only when one of those changes (not on a pan).
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectLinkLive, selectNodeLive, type LinkLive, type NodeLive } from '../live/hooks';
import { actions, useStore } from '../store';
import { captureOnLink } from '../store/teaching-slice';
import { edgeStep, traceSteps } from '../teaching/trace-steps';
import { linkLook, nodeLook } from './canvas-look';
import type { LabFlowNode, LinkFlowEdge } from './flow-model';
import type { OverviewCable, OverviewNode } from './overview-geometry';

export interface OverviewInputs {
  linkLive(key: string): LinkLive | null;
  nodeLive(name: string): NodeLive | null;
  capturing(key: string): boolean;
  /** the trace leg lighting this cable, or null */
  traceLeg(key: string): 'request' | 'reply' | null;
}

/** React Flow's fallback size for a node it has no size for (LinkEdge's and the minimap's too). */
const FALLBACK = { width: 170, height: 60 };

export function overviewItems(nodes: readonly LabFlowNode[], edges: readonly LinkFlowEdge[], i: OverviewInputs): { nodes: OverviewNode[]; cables: OverviewCable[] } {
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      box: { x: n.position.x, y: n.position.y, width: n.measured?.width ?? FALLBACK.width, height: n.measured?.height ?? FALLBACK.height },
      look: nodeLook({ kind: n.data.kind, status: n.data.status, selected: Boolean(n.selected), live: i.nodeLive(n.id) }),
    })),
    cables: edges.flatMap((e) => (e.data ? [{
      id: e.id, source: e.source, target: e.target, offset: e.data.offset,
      look: linkLook({
        status: e.data.status, down: e.data.down, issues: e.data.issues, selected: Boolean(e.selected),
        live: i.linkLive(e.data.key), trace: i.traceLeg(e.data.key), capturing: i.capturing(e.data.key),
      }),
    }] : [])),
  };
}

/** The items for the current store state; stable across pans. */
export function useOverviewItems(nodes: readonly LabFlowNode[], edges: readonly LinkFlowEdge[]) {
  // what the live and teaching looks depend on (the lab, selection and status come in nodes/edges)
  const [live, trace, traceStep, captures] = useStore(useShallow((s) => [s.live, s.trace, s.traceStep, s.captures] as const));
  return useMemo(() => {
    const s = actions();
    const steps = trace.state === 'done' && trace.value.lab === s.lab.name ? traceSteps(s.lab, trace.value) : [];
    return overviewItems(nodes, edges, {
      linkLive: (key) => selectLinkLive(s, key),
      nodeLive: (name) => selectNodeLive(s, name),
      capturing: (key) => captureOnLink(s, key) !== null,
      traceLeg: (key) => edgeStep(steps, traceStep, key)?.step.path ?? null,
    });
    // live, trace, traceStep and captures are read through actions() and listed as deps
  }, [nodes, edges, live, trace, traceStep, captures]);
}
