/** All validation issues of the lab; clicking one selects the node or cable it is about. */
import { formatPath, type LabPath } from '../../shared/lab/issues';
import { linkKey } from '../../shared/lab/links';
import { actions, useStore } from '../store';

function selectFor(path: LabPath) {
  const s = actions();
  if (path[0] === 'nodes' && typeof path[1] === 'string' && s.lab.nodes[path[1]]) s.select({ nodes: [path[1]] });
  else if (path[0] === 'links' && typeof path[1] === 'number' && s.lab.links?.[path[1]]) s.select({ links: [linkKey(s.lab.links[path[1]]!)] });
}

export function ProblemsPanel() {
  const issues = useStore((s) => s.issues);
  if (!issues.length) return <div className="problems muted small" data-testid="problems">No problems: the lab is valid.</div>;
  return (
    <ul className="problems" data-testid="problems">
      {issues.map((i, k) => (
        <li key={k} onClick={() => selectFor(i.path)}>
          <code>{formatPath(i.path)}</code> {i.message}
        </li>
      ))}
    </ul>
  );
}
