/**
 * Teaching state (issue #5): the last check report, the connectivity matrix, the trace being shown
 * on the canvas (with its animation step) and live captures with their packet lists. The API
 * calls live in renderer/teaching/teaching-actions.ts; this slice only holds what they return.
 */
import type { StateCreator } from 'zustand';
import type { CaptureInfoDto, CapturePacketsDto, CheckReportDto, MatrixDto, TraceResultDto } from '../../shared/protocol/teaching';
import type { AppState } from './types';

export type TeachingDockTab = 'checks' | 'matrix' | 'trace' | 'capture';
export const TEACHING_TABS: readonly TeachingDockTab[] = ['checks', 'matrix', 'trace', 'capture'];
export const isTeachingTab = (t: string): t is TeachingDockTab => (TEACHING_TABS as readonly string[]).includes(t);

/** Packets kept per capture in the list (the pcap has them all). */
export const CAPTURE_ROWS_MAX = 2000;

export type Async<T> = { state: 'idle' } | { state: 'running' } | { state: 'done'; value: T } | { state: 'error'; message: string };

export interface TraceForm { src: string; dst: string; probe: 'icmp' | 'udp' | 'tcp'; port: string }
export interface HopRef { path: 'request' | 'reply'; index: number }

export interface CaptureView { info: CaptureInfoDto; rows: { ts: string; text: string }[]; dropped: number }

export interface TeachingSlice {
  checks: Async<CheckReportDto>;
  matrix: Async<MatrixDto>;
  trace: Async<TraceResultDto>;
  traceForm: TraceForm;
  /** animation: how many link traversals are shown so far (see trace-steps.ts) */
  traceStep: number;
  traceHop: HopRef | null;
  captures: Record<string, CaptureView>;
  /** the capture whose packets the Capture tab lists */
  captureShown: string | null;
  wireshark: boolean;
  exerciseOpen: boolean;
  setChecks(c: Async<CheckReportDto>): void;
  setMatrix(m: Async<MatrixDto>): void;
  setTrace(t: Async<TraceResultDto>): void;
  setTraceForm(patch: Partial<TraceForm>): void;
  setTraceStep(n: number): void;
  selectHop(h: HopRef | null): void;
  clearTrace(): void;
  /** A capture started, or the list came back: infos replace what we had, rows stay. */
  upsertCaptures(infos: CaptureInfoDto[], opts?: { wireshark?: boolean; show?: string }): void;
  addPackets(p: CapturePacketsDto): void;
  showCapture(id: string | null): void;
  setExerciseOpen(open: boolean): void;
}

export const createTeachingSlice: StateCreator<AppState, [], [], TeachingSlice> = (set) => ({
  checks: { state: 'idle' },
  matrix: { state: 'idle' },
  trace: { state: 'idle' },
  traceForm: { src: '', dst: '', probe: 'icmp', port: '80' },
  traceStep: 0,
  traceHop: null,
  captures: {},
  captureShown: null,
  wireshark: false,
  exerciseOpen: true,
  setChecks: (checks) => set({ checks }),
  setMatrix: (matrix) => set({ matrix }),
  setTrace: (trace) => set({ trace, traceStep: 0, traceHop: null }),
  setTraceForm: (patch) => set((s) => ({ traceForm: { ...s.traceForm, ...patch } })),
  setTraceStep: (traceStep) => set({ traceStep }),
  selectHop: (traceHop) => set({ traceHop }),
  clearTrace: () => set({ trace: { state: 'idle' }, traceStep: 0, traceHop: null }),
  upsertCaptures: (infos, opts = {}) => set((s) => {
    const captures = { ...s.captures };
    for (const info of infos) captures[info.id] = { rows: [], dropped: 0, ...captures[info.id], info };
    return {
      captures,
      ...(opts.wireshark !== undefined ? { wireshark: opts.wireshark } : {}),
      ...(opts.show ? { captureShown: opts.show } : {}),
    };
  }),
  addPackets: (p) => set((s) => {
    const c = s.captures[p.captureId];
    // Packets of a capture this window did not start or list yet: it will show up with captureList.
    if (!c) return {};
    const rows = c.rows.concat(p.packets);
    const over = rows.length - CAPTURE_ROWS_MAX;
    return {
      captures: {
        ...s.captures,
        [p.captureId]: {
          ...c,
          rows: over > 0 ? rows.slice(over) : rows,
          dropped: c.dropped + p.dropped,
          info: { ...c.info, packets: c.info.packets + p.packets.length + p.dropped },
        },
      },
    };
  }),
  showCapture: (captureShown) => set({ captureShown }),
  setExerciseOpen: (exerciseOpen) => set({ exerciseOpen }),
});

/** The running capture on a cable (either end), if any. */
export function captureOnLink(s: Pick<AppState, 'captures' | 'lab'>, linkKey: string): CaptureView | null {
  const ends = new Set(linkKey.split('--'));
  for (const c of Object.values(s.captures)) {
    if (c.info.running && c.info.lab === s.lab.name && ends.has(`${c.info.node}:${c.info.iface}`)) return c;
  }
  return null;
}
