/** A small inline SVG of an interface's last minute of rates: rx and tx, one line each. */
import type { RatePoint } from '../store/live-slice';
import { formatRate } from './format';

/** Polyline points for values on a w×h box, scaled to `max` (pure, for tests). */
export function sparkPoints(values: (number | null)[], w: number, h: number, max: number, slots: number): string {
  const step = w / Math.max(1, slots - 1);
  const offset = slots - values.length; // the newest sample is at the right edge
  return values
    .map((v, i) => (v === null ? null : `${((offset + i) * step).toFixed(1)},${(h - 1 - (max > 0 ? (v / max) * (h - 2) : 0)).toFixed(1)}`))
    .filter((p): p is string => p !== null)
    .join(' ');
}

export function Sparkline({ points, slots = 60, width = 120, height = 24 }: { points: RatePoint[]; slots?: number; width?: number; height?: number }) {
  const rx = points.map((p) => p.rxBps);
  const tx = points.map((p) => p.txBps);
  const max = Math.max(1, ...rx.map((v) => v ?? 0), ...tx.map((v) => v ?? 0));
  const last = points[points.length - 1];
  return (
    // stretched to the panel's width; strokes keep their width
    <svg className="sparkline" width="100%" height={height} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" data-testid="sparkline"
      role="img" aria-label={`last minute: rx ${formatRate(last?.rxBps)}, tx ${formatRate(last?.txBps)}, peak ${formatRate(max)}`}>
      <title>{`peak ${formatRate(max)} over the last ${points.length} s`}</title>
      <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} className="spark-axis" vectorEffect="non-scaling-stroke" />
      <polyline points={sparkPoints(rx, width, height, max, slots)} className="spark-rx" fill="none" vectorEffect="non-scaling-stroke" />
      <polyline points={sparkPoints(tx, width, height, max, slots)} className="spark-tx" fill="none" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
