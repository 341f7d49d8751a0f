/** A node's static routes: to / via / dev / metric per row. */
import type { LabRoute } from '../../shared/lab/schema';
import { actions } from '../store';
import { CommitInput, parseOptionalInt } from './CommitInput';
import { FieldIssues } from './FieldIssues';

export function RoutesEditor({ node, routes }: { node: string; routes: LabRoute[] }) {
  const set = (i: number, patch: Partial<LabRoute>) =>
    actions().updateNode(node, (n) => ({
      ...n,
      routes: (n.routes ?? []).map((r, k) => {
        if (k !== i) return r;
        const next = { ...r, ...patch } as Record<string, unknown>;
        for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
        return next as LabRoute;
      }),
    }));
  const remove = (i: number) => actions().updateNode(node, (n) => ({ ...n, routes: (n.routes ?? []).filter((_, k) => k !== i) }));
  const add = () => actions().updateNode(node, (n) => ({ ...n, routes: [...(n.routes ?? []), { to: n.routes?.some((r) => r.to === 'default') ? '0.0.0.0/0' : 'default', via: '' }] }));
  return (
    <div className="routes">
      {routes.length ? (
        <div className="route-row route-head"><span>To</span><span>Via</span><span>Dev</span><span>Metric</span><span /></div>
      ) : <div className="muted small">No static routes.</div>}
      {routes.map((r, i) => {
        const p = ['nodes', node, 'routes', i];
        return (
          <div key={i} className="route" data-route={i}>
            <div className="route-row">
              <CommitInput testid={`route-${i}-to`} value={r.to} placeholder="default" onCommit={(v) => set(i, { to: v || 'default' })} />
              <CommitInput testid={`route-${i}-via`} value={r.via ?? ''} placeholder="gateway" onCommit={(v) => set(i, { via: v || undefined })} />
              <CommitInput testid={`route-${i}-dev`} value={r.dev ?? ''} placeholder="dev" onCommit={(v) => set(i, { dev: v || undefined })} />
              <CommitInput testid={`route-${i}-metric`} value={r.metric?.toString() ?? ''} placeholder="0" inputMode="numeric"
                onCommit={(v) => { const m = parseOptionalInt(v, 'metric'); if ('error' in m) return m.error; set(i, { metric: m.value }); }} />
              <button type="button" className="icon-btn" data-testid={`route-${i}-remove`} title="Remove route" onClick={() => remove(i)}>×</button>
            </div>
            <FieldIssues path={p} below />
          </div>
        );
      })}
      <button type="button" className="btn small" data-testid="route-add" onClick={add}>+ Route</button>
    </div>
  );
}
