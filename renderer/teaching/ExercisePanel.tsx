/**
 * An exercise's instructions beside the canvas (lab-format.md `exercise:`), collapsible, with the
 * checks' progress: how many pass, each by its name and mark. Details of failing hidden checks
 * never reach the renderer (the helper redacts them).
 */
import { actions, useStore } from '../store';
import { Markdown } from './Markdown';
import { runChecks } from './teaching-actions';
import './teaching.css';

export function ExercisePanel() {
  const ex = useStore((s) => s.lab.exercise);
  const open = useStore((s) => s.exerciseOpen);
  if (!ex) return null;
  if (!open) {
    return (
      <aside className="exercise-panel collapsed" data-testid="exercise" data-open="false">
        <button type="button" className="exercise-tab" data-testid="exercise-toggle" title="Show the exercise" onClick={() => actions().setExerciseOpen(true)}>Exercise ›</button>
      </aside>
    );
  }
  return (
    <aside className="exercise-panel" data-testid="exercise" data-open="true" aria-label="Exercise">
      <header className="exercise-head">
        <span className="inspector-title">Exercise</span>
        <button type="button" className="icon-btn" data-testid="exercise-toggle" title="Hide the exercise" onClick={() => actions().setExerciseOpen(false)}>‹</button>
      </header>
      <Markdown className="exercise-text" text={ex.instructions} />
      <ExerciseProgress />
    </aside>
  );
}

function ExerciseProgress() {
  const checks = useStore((s) => s.checks);
  const labName = useStore((s) => s.lab.name);
  const report = checks.state === 'done' && checks.value.lab === labName ? checks.value : null;
  const solved = report !== null && report.results.length > 0 && report.failed === 0;
  return (
    <section className="exercise-progress" data-testid="exercise-progress" data-solved={solved}>
      <div className="exercise-progress-bar">
        <button type="button" className="btn primary small" data-testid="exercise-check" disabled={checks.state === 'running'}
          onClick={() => { actions().setDockTab('checks'); void runChecks(); }}>{checks.state === 'running' ? 'Checking…' : 'Check my work'}</button>
        {report ? <span className={`small ${solved ? 'good' : 'bad'}`}>{solved ? 'Solved — every check passes' : `${report.passed} of ${report.results.length} checks pass`}</span> : null}
      </div>
      {checks.state === 'error' ? <div className="field-issue small">{checks.message}</div> : null}
      {report ? (
        <ul className="exercise-checks">
          {report.results.map((r) => <li key={r.index} className={r.pass ? 'pass' : 'fail'}>{r.pass ? '✓' : '✗'} {r.name}</li>)}
        </ul>
      ) : null}
    </section>
  );
}
