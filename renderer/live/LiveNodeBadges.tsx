/** A live node's badges: forwarding (routers, and any node that forwards), missing, error, drift. */
import type { NodeKind } from '../../shared/lab/schema';
import type { NodeLive } from './hooks';

/** Attributes NodeCard puts on its root element while the lab is live. */
export const liveNodeAttrs = (live: NodeLive | null) => live ? {
  'data-forwarding': live.forwarding ?? undefined,
  'data-drift': live.drift ? 'true' : undefined,
  'data-live': live.present ? 'present' : 'missing',
} : {};

export function LiveNodeBadges({ live, kind }: { live: NodeLive | null; kind: NodeKind }) {
  if (!live) return null;
  const showFwd = kind !== 'switch' && live.forwarding !== null && (kind === 'router' || live.forwarding === 'on');
  return (
    <div className="live-badges">
      {!live.present ? <span className="live-badge bad" title="its namespace does not exist">missing</span> : null}
      {showFwd ? (
        <span className={`live-badge fwd-${live.forwarding}`} data-testid="forwarding-badge"
          title={`net.ipv4.ip_forward = ${live.forwarding === 'on' ? 1 : 0}`}>fwd {live.forwarding}</span>
      ) : null}
      {live.error ? <span className="live-badge bad" title={live.error} data-testid="live-error-badge">!</span> : null}
      {live.drift ? <span className="live-badge drift" title="differs from the lab file (see the drift banner)">≠</span> : null}
    </div>
  );
}
