/**
 * The dock's Run tab: one command line, run in the selected nodes (or every host and router), each
 * node's exit code, stdout and stderr side by side. No shell is involved: the line is split into
 * an argv here (split-argv.ts) and the helper runs `ip netns exec NS argv…`.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getApi } from '../api/client';
import { runOnNodes } from '../lifecycle/run-command';
import { actions, useStore } from '../store';
import { runTargets } from '../store/run-slice';
import type { RunResult } from '../store/types';
import { splitArgv } from './split-argv';
import './run-panel.css';

export function RunPanel() {
  const command = useStore((s) => s.run.command);
  const targets = useStore(useShallow(runTargets));
  const selected = useStore((s) => s.selection.nodes.length > 0);
  const ran = useStore(useShallow((s) => s.run.targets));
  const results = useStore((s) => s.run.results);
  const running = ran.some((n) => results[n]?.state === 'running');
  const split = useMemo(() => splitArgv(command), [command]);
  const problem = split.ok ? null : split.error;
  const canRun = split.ok && split.argv.length > 0 && targets.length > 0 && !running;
  const go = () => { if (canRun && split.ok) void runOnNodes(getApi(), split.argv, targets); };
  return (
    <div className="run-panel" data-testid="run-panel">
      <div className="dock-actions run-bar">
        <input
          className={`input run-input${problem ? ' invalid' : ''}`}
          data-testid="run-command"
          value={command}
          placeholder="ping -c 1 10.0.2.2   (no shell: no pipes or $VARS)"
          spellCheck={false}
          aria-label="Command to run in the nodes"
          onChange={(e) => actions().setRunCommand(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); go(); } }}
        />
        <button type="button" className="btn primary small" data-testid="run-go" disabled={!canRun} onClick={go}
          title="Run the command in each target node (ip netns exec)">{running ? 'Running…' : 'Run'}</button>
        <span className="muted small run-targets" data-testid="run-targets" title={targets.join(', ')}>
          {targets.length ? `in ${selected ? '' : 'every host and router: '}${targets.join(', ')}` : 'no node to run in'}
        </span>
      </div>
      {problem ? <div className="field-issue run-problem" data-testid="run-problem">{problem}</div> : null}
      {ran.length ? (
        <div className="run-results">
          {ran.map((node) => <RunResultCard key={node} node={node} result={results[node]} />)}
        </div>
      ) : (
        <div className="muted small run-hint">Select nodes on the canvas (or none for every host and router), type a command and press Enter.</div>
      )}
    </div>
  );
}

function RunResultCard({ node, result }: { node: string; result: RunResult | undefined }) {
  const state = result?.state ?? 'running';
  const exit = result?.state === 'done' ? result.exitCode : null;
  const cls = state === 'running' ? 'run-busy' : state === 'failed' || exit !== 0 ? 'run-bad' : 'run-ok';
  return (
    <section className={`run-result ${cls}`} data-testid={`run-result-${node}`} data-state={state} data-exit={exit ?? undefined}>
      <header className="run-result-head">
        <b>{node}</b>
        <span className="run-exit">{state === 'running' ? 'running…' : state === 'failed' ? 'not run' : `exit ${exit}`}</span>
      </header>
      {result?.state === 'failed' ? <pre className="run-out run-err">{result.message}</pre> : null}
      {result?.state === 'done' ? (
        <>
          {result.stdout ? <pre className="run-out" data-testid={`run-stdout-${node}`}>{result.stdout}</pre> : null}
          {result.stderr ? <pre className="run-out run-err" data-testid={`run-stderr-${node}`}>{result.stderr}</pre> : null}
          {!result.stdout && !result.stderr ? <div className="muted small run-out">(no output)</div> : null}
        </>
      ) : null}
    </section>
  );
}
