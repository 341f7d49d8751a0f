/**
 * What a live cable adds to LinkEdge: a moving dash whose speed follows the traffic, and a label
 * with the throughput (both directions together) and, when it is not up, the kernel's state.
 */
import { formatRate, rateWidth } from './format';
import type { LinkLive } from './hooks';

const OPER_TEXT = { up: '', partial: 'one end down', down: 'admin down', missing: 'missing' } as const;

/** A dash running along busy cables: faster for more traffic (1 s per dash at 1 kb/s, 0.25 s at 1 Gb/s). */
export function LiveFlow({ path, live }: { path: string; live: LinkLive | null }) {
  if (!live || live.oper !== 'up' || !live.bps || live.bps * 8 < 1) return null;
  const seconds = Math.max(0.25, 1.25 - Math.log10(live.bps * 8) / 8);
  return <path className="live-flow" d={path} fill="none" style={{ animationDuration: `${seconds.toFixed(2)}s`, strokeWidth: Math.max(1, rateWidth(live.bps) - 1) }} />;
}

export function LiveLinkLabel({ live, x, y }: { live: LinkLive | null; x: number; y: number }) {
  if (!live) return null;
  const state = OPER_TEXT[live.oper];
  const rate = live.oper === 'up' && live.bps !== null && live.bps > 0 ? formatRate(live.bps) : '';
  if (!state && !rate && !live.drift) return null;
  return (
    <div className={`live-link-label oper-${live.oper}`} data-testid="live-link-label" style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}>
      {live.drift ? <span className="drift-mark" title="differs from the lab file">≠</span> : null}
      {state ? <span>{state}</span> : null}
      {rate ? <span className="rate">{rate}</span> : null}
    </div>
  );
}
