/** The dock's Matrix tab: who reaches whom, one ping per pair and address family; a cell click traces that pair. */
import type { MatrixDto } from '../../shared/protocol/teaching';
import { useStore } from '../store';
import { runMatrix, runTrace } from './teaching-actions';

function cellOf(m: MatrixDto, from: string, to: string): { ok: boolean; title: string } | null {
  const cs = m.cells.filter((c) => c.from === from && c.to === to);
  if (!cs.length) return null;
  return { ok: cs.every((c) => c.ok), title: cs.map((c) => `${from} → ${c.address}: ${c.ok ? 'answered' : 'no answer'}`).join('\n') };
}

export function MatrixPanel() {
  const matrix = useStore((s) => s.matrix);
  const labName = useStore((s) => s.lab.name);
  const m = matrix.state === 'done' && matrix.value.lab === labName ? matrix.value : null;
  const failed = m ? m.cells.filter((c) => !c.ok).length : 0;
  return (
    <div className="teaching-panel" data-testid="matrix" data-state={matrix.state}>
      <div className="dock-actions">
        <button type="button" className="btn primary small" data-testid="matrix-run" disabled={matrix.state === 'running'} onClick={() => void runMatrix()}
          title="Ping from every host and router to every other">{matrix.state === 'running' ? 'Pinging…' : 'Run matrix'}</button>
        {m ? <span className="muted small">{m.cells.length - failed} of {m.cells.length} pings answered — click a cell to trace that pair</span>
          : <span className="muted small">From each row's node to each column's node (first address of each family).</span>}
      </div>
      {matrix.state === 'error' ? <div className="field-issue">{matrix.message}</div> : null}
      {m ? (
        <table className="matrix-grid">
          <thead><tr><th className="muted small">from \ to</th>{m.nodes.map((n) => <th key={n}>{n}</th>)}</tr></thead>
          <tbody>
            {m.nodes.map((from) => (
              <tr key={from}>
                <th>{from}</th>
                {m.nodes.map((to) => {
                  const c = from === to ? null : cellOf(m, from, to);
                  if (!c) return <td key={to} className="matrix-cell none">·</td>;
                  return (
                    <td key={to} className={`matrix-cell ${c.ok ? 'ok' : 'bad'}`} data-testid={`matrix-${from}-${to}`} data-ok={c.ok} title={`${c.title}\nclick: trace it`}
                      onClick={() => void runTrace({ src: from, dst: to })}>{c.ok ? '✓' : '✗'}</td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
