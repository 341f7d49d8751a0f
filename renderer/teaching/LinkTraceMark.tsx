/**
 * What a cable shows of the teaching features: whether it is being captured on, and which
 * crossing of the trace animation lit it (with a dot running along it while it is the current
 * one). LinkEdge renders these; the state comes from the store's teaching slice.
 */
import { useMemo } from 'react';
import { useStore } from '../store';
import { captureOnLink } from '../store/teaching-slice';
import { edgeStep, traceSteps, type TraceStep } from './trace-steps';

export interface EdgeTeaching {
  capturing: boolean;
  trace: { n: number; step: TraceStep; current: boolean } | null;
}

export function useEdgeTeaching(linkKey: string): EdgeTeaching {
  const capturing = useStore((s) => captureOnLink(s, linkKey) !== null);
  // Selectors return store objects or primitives only (a fresh object per call would loop).
  const trace = useStore((s) => s.trace);
  const lab = useStore((s) => s.lab);
  const shown = useStore((s) => s.traceStep);
  const steps = useMemo(() => (trace.state === 'done' && trace.value.lab === lab.name ? traceSteps(lab, trace.value) : []), [trace, lab]);
  return { capturing, trace: edgeStep(steps, shown, linkKey) };
}

/** A packet moving along the cable from `from` to `to` (SVG animateMotion: no React re-render per frame). */
export function PacketDot({ from, to, path, durationMs }: { from: { x: number; y: number }; to: { x: number; y: number }; path: 'request' | 'reply'; durationMs: number }) {
  return (
    <circle r={6} className={`trace-dot ${path}`} data-testid="trace-dot">
      <animateMotion dur={`${durationMs}ms`} fill="freeze" path={`M ${from.x},${from.y} L ${to.x},${to.y}`} />
    </circle>
  );
}
