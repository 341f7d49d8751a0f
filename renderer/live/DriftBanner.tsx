/**
 * Drift: the kernel no longer matches the lab as applied (someone typed `ip …` in a terminal).
 * Lists what re-applying would run, and offers both ways back: make the kernel match the lab, or
 * make the lab match the kernel.
 */
import { useStore } from '../store';
import { isLive, visibleDrift } from './hooks';
import { adoptIntoLab, reapplyLab } from './live-actions';
import './live.css';

const SHOWN = 8;

export function DriftBanner() {
  const ops = useStore((s) => (isLive(s) ? visibleDrift(s) : null));
  const busy = useStore((s) => s.busy);
  if (!ops) return null;
  return (
    <div className="drift-banner" role="alert" data-testid="drift-banner">
      <div className="drift-head">
        <span className="drift-icon" aria-hidden>≠</span>
        <span className="drift-title">The running lab differs from the lab file</span>
        <span className="muted small">re-applying would run {ops.length} operation{ops.length === 1 ? '' : 's'}</span>
        <div className="spacer" />
        <button type="button" className="btn primary small" data-testid="drift-reapply" disabled={busy !== null} onClick={() => void reapplyLab()}
          title="Bring the kernel back to the lab (runs these operations)">Re-apply lab</button>
        <button type="button" className="btn small" data-testid="drift-adopt" disabled={busy !== null} onClick={() => void adoptIntoLab()}
          title="Change the lab in the editor to what the kernel has now (undoable)">Adopt into lab</button>
      </div>
      <ul className="drift-ops" data-testid="drift-ops">
        {ops.slice(0, SHOWN).map((o) => <li key={o.index} data-testid="drift-op"><code>{o.command}</code></li>)}
        {ops.length > SHOWN ? <li className="muted">… and {ops.length - SHOWN} more</li> : null}
      </ul>
    </div>
  );
}
