/**
 * The dock's Checks tab: run the running lab's `checks:` and show each verdict. A failing
 * reachability check can be traced in one click — except in an exercise with hidden checks,
 * where the target of a failing check is part of what the student has to find.
 */
import type { CheckResultDto } from '../../shared/protocol/teaching';
import { useStore } from '../store';
import { runChecks, runTrace } from './teaching-actions';

export function ChecksPanel() {
  const checks = useStore((s) => s.checks);
  const labName = useStore((s) => s.lab.name);
  const count = useStore((s) => s.lab.checks?.length ?? 0);
  const report = checks.state === 'done' && checks.value.lab === labName ? checks.value : null;
  return (
    <div className="teaching-panel" data-testid="checks" data-state={checks.state}>
      <div className="dock-actions">
        <button type="button" className="btn primary small" data-testid="checks-run" disabled={checks.state === 'running'} onClick={() => void runChecks()}
          title="Run the lab's checks against the running lab">{checks.state === 'running' ? 'Checking…' : 'Run checks'}</button>
        {report ? (
          <span className={`small ${report.failed ? 'bad' : 'good'}`} data-testid="checks-summary" data-failed={report.failed}>
            {report.passed} of {report.results.length} checks pass ({(report.durationMs / 1000).toFixed(1)} s)
            {report.hidden && report.failed ? ' — details of failing checks are hidden until they pass' : ''}
          </span>
        ) : <span className="muted small">{count ? `${count} check${count > 1 ? 's' : ''} in this lab` : 'This lab has no checks (add a checks: list to its file).'}</span>}
      </div>
      {checks.state === 'error' ? <div className="field-issue" data-testid="checks-error">{checks.message}</div> : null}
      {report ? (
        <ul className="check-list">
          {report.results.map((r) => <CheckRow key={r.index} r={r} hidden={report.hidden} />)}
        </ul>
      ) : null}
    </div>
  );
}

function CheckRow({ r, hidden }: { r: CheckResultDto; hidden: boolean }) {
  const target = useStore((s) => s.lab.checks?.[r.index]?.ping);
  const traceable = !r.pass && !hidden && r.kind === 'ping' && target !== undefined;
  return (
    <li className={`check-row ${r.pass ? 'pass' : 'fail'}`} data-testid={`check-${r.index}`} data-status={r.pass ? 'pass' : 'fail'}>
      <span className="check-mark" aria-hidden>{r.pass ? '✓' : '✗'}</span>
      <span className="check-name">{r.name}</span>
      <span className="check-reason muted small">{r.reason}</span>
      {traceable ? (
        <button type="button" className="btn small" data-testid={`check-${r.index}-trace`} title={`Trace a ping from ${r.from} to ${target}`}
          onClick={() => void runTrace({ src: r.from, dst: target })}>Trace it</button>
      ) : null}
    </li>
  );
}
