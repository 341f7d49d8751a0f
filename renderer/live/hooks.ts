/**
 * Live state as the canvas needs it, one narrow selector per node and cable (so a counter sample
 * re-renders only the cables whose numbers changed). null while the canvas's lab is not live.
 */
import { useShallow } from 'zustand/react/shallow';
import { labLinks, linkKey, parseEndpoint, type Endpoint } from '../../shared/lab/links';
import type { Lab } from '../../shared/lab/schema';
import { useStore, type AppState } from '../store';
import { ifaceKey } from '../store/live-slice';
import { forwarding, ifaceOf, linkOper, nsOfNode, type LinkOper } from './link-state';

export interface LinkLive { oper: LinkOper; bps: number | null; drift: boolean }
export interface NodeLive { present: boolean; forwarding: 'on' | 'off' | null; error: string | null; drift: boolean }

const endpointIndex = new WeakMap<Lab, Map<string, [Endpoint, Endpoint]>>();

/** A cable's two ends by its key (indexed once per lab object). */
export function endpointsOf(lab: Lab, key: string): [Endpoint, Endpoint] | undefined {
  let idx = endpointIndex.get(lab);
  if (!idx) {
    idx = new Map(labLinks(lab).map((l) => [linkKey(l), [parseEndpoint(l.endpoints[0]), parseEndpoint(l.endpoints[1])]]));
    endpointIndex.set(lab, idx);
  }
  return idx.get(key);
}

/** The live state applies to what the canvas shows. */
export const isLive = (s: AppState): boolean => s.live.lab !== null && s.live.lab === s.lab.name && s.live.state !== null;

/** Sum of both directions through an interface, bytes/s. */
const through = (s: AppState, e: Endpoint): number | null => {
  const c = s.live.counters[ifaceKey(e.node, e.iface)];
  if (!c || c.rxBps === null || c.txBps === null) return null;
  return c.rxBps + c.txBps;
};

export function selectLinkLive(s: AppState, key: string | null): LinkLive | null {
  if (!key || !isLive(s)) return null;
  const ends = endpointsOf(s.lab, key);
  if (!ends) return null;
  const state = s.live.state!;
  const [a, b] = ends;
  return {
    oper: linkOper(ifaceOf(state, a.node, a.iface), ifaceOf(state, b.node, b.iface)),
    bps: through(s, a) ?? through(s, b),
    drift: visibleDrift(s)?.some((o) => o.link === key) ?? false,
  };
}

export function selectNodeLive(s: AppState, name: string): NodeLive | null {
  if (!isLive(s)) return null;
  const ns = nsOfNode(s.live.state!, name);
  return {
    present: ns !== undefined,
    forwarding: forwarding(ns),
    error: ns ? (s.live.errors[ns.ns] ?? null) : null,
    drift: visibleDrift(s)?.some((o) => o.node === name && !o.link) ?? false,
  };
}

/** The drift the banner shows: none when the user adopted exactly this drift. */
export function visibleDrift(s: AppState) {
  const ops = s.live.drift;
  if (!ops?.length) return null;
  return s.live.dismissedDrift === JSON.stringify(ops.map((o) => o.command)) ? null : ops;
}

// useShallow compares objects; a shared empty object stands for null
const NONE: Record<string, never> = {};

export function useLinkLive(key: string | null): LinkLive | null {
  const r = useStore(useShallow((s: AppState) => selectLinkLive(s, key) ?? NONE));
  return r === NONE ? null : (r as LinkLive);
}

export function useNodeLive(name: string): NodeLive | null {
  const r = useStore(useShallow((s: AppState) => selectNodeLive(s, name) ?? NONE));
  return r === NONE ? null : (r as NodeLive);
}
