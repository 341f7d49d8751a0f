/**
 * Live kernel state of the deployed lab (issue #4): the watcher's snapshot, folded diffs
 * (`applyLiveDiff`), a one-minute ring of rates per interface and the drift the helper reports.
 * The `live` listener (renderer/live/live-actions.ts) feeds it; a seq gap marks it stale, and the
 * listener asks for a new snapshot.
 */
import type { StateCreator } from 'zustand';
import type { PlannedOp } from '../../shared/protocol/api';
import type { IfaceSample } from '../../shared/state/counters';
import type { DiscoveryGraph } from '../../shared/state/discovery';
import { applyLiveDiff, type LiveEvent, type LiveState } from '../../shared/state/live';
import type { AppState } from './types';

/** Samples kept per interface: one minute at the default 1 Hz. */
export const RATE_RING = 60;

/** One point of an interface's rate history (bytes per second; null when unknown). */
export interface RatePoint { at: number; rxBps: number | null; txBps: number | null }

/** `node/iface` → value: the key of per-interface live data. */
export const ifaceKey = (node: string, iface: string) => `${node}/${iface}`;

export interface LiveView {
  /** the lab being watched (null: none) */
  lab: string | null;
  /** the seq of the last snapshot or diff folded in */
  seq: number;
  state: LiveState | null;
  /** a diff was missed: waiting for a new snapshot */
  stale: boolean;
  /** latest counters per `node/iface` */
  counters: Record<string, IfaceSample>;
  /** the last RATE_RING rate samples per `node/iface`, oldest first */
  rates: Record<string, RatePoint[]>;
  /** what re-applying would run; null when the helper has no lab file to compare with */
  drift: PlannedOp[] | null;
  /** the drift (by its commands) the user adopted into the editor; the banner hides it */
  dismissedDrift: string | null;
  /** the last error per namespace ('' = the lab as a whole) */
  errors: Record<string, string>;
  /** when the last diff's kernel event happened and when it arrived (latency, ms since epoch) */
  lastKernelAt: number | null;
  lastArrivedAt: number | null;
}

export interface DiscoveryView {
  open: boolean;
  loading: boolean;
  graph: DiscoveryGraph | null;
  error: string | null;
}

export interface LiveSlice {
  live: LiveView;
  discovery: DiscoveryView;
  /** Start following a lab (before watchStart: its snapshot may arrive before the reply). */
  liveBegin(lab: string): void;
  /** Stop following; everything live is forgotten. */
  liveEnd(): void;
  /** Fold one event in; returns 'resync' when a diff was missed and a new snapshot is needed. */
  onLive(e: LiveEvent): 'ok' | 'resync' | 'ignored';
  dismissDrift(): void;
  setDiscovery(patch: Partial<DiscoveryView>): void;
}

const EMPTY: LiveView = {
  lab: null, seq: 0, state: null, stale: false, counters: {}, rates: {}, drift: null, dismissedDrift: null, errors: {}, lastKernelAt: null, lastArrivedAt: null,
};

/** The identity of a drift report: its commands. */
export const driftKey = (ops: PlannedOp[] | null): string => JSON.stringify(ops?.map((o) => o.command) ?? null);

export const createLiveSlice: StateCreator<AppState, [], [], LiveSlice> = (set, get) => ({
  live: EMPTY,
  discovery: { open: false, loading: false, graph: null, error: null },
  liveBegin(lab) {
    if (get().live.lab === lab) return;
    set({ live: { ...EMPTY, lab } });
  },
  liveEnd() { set({ live: EMPTY }); },
  onLive(e) {
    const live = get().live;
    if (e.lab !== live.lab) return 'ignored';
    switch (e.type) {
      case 'snapshot':
        set({ live: { ...live, seq: e.seq, state: e.state, stale: false } });
        return 'ok';
      case 'diff': {
        if (!live.state || live.stale) return live.stale ? 'ignored' : 'resync';
        // an old diff (it crossed a re-snapshot) is already in the state
        if (e.seq <= live.seq) return 'ignored';
        if (e.seq !== live.seq + 1) {
          set({ live: { ...live, stale: true } });
          return 'resync';
        }
        set({ live: { ...live, seq: e.seq, state: e.diffs.reduce(applyLiveDiff, live.state), lastKernelAt: e.kernelAt, lastArrivedAt: Date.now() } });
        return 'ok';
      }
      case 'counters': {
        const counters = { ...live.counters };
        const rates = { ...live.rates };
        for (const sample of e.samples) {
          for (const [iface, c] of Object.entries(sample.ifaces)) {
            const key = ifaceKey(sample.node, iface);
            counters[key] = c;
            const ring = rates[key] ?? [];
            const next = ring.length >= RATE_RING ? ring.slice(ring.length - RATE_RING + 1) : ring.slice();
            next.push({ at: sample.at, rxBps: c.rxBps, txBps: c.txBps });
            rates[key] = next;
          }
        }
        set({ live: { ...live, counters, rates } });
        return 'ok';
      }
      case 'drift':
        set({ live: { ...live, drift: e.ops } });
        return 'ok';
      case 'error':
        set({ live: { ...live, errors: { ...live.errors, [e.ns ?? '']: e.message } } });
        return 'ok';
    }
  },
  dismissDrift() { set((s) => ({ live: { ...s.live, dismissedDrift: driftKey(s.live.drift) } })); },
  setDiscovery(patch) { set((s) => ({ discovery: { ...s.discovery, ...patch } })); },
});
