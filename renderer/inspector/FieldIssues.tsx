/** Validation messages (from checkLab) for one field, matched by the issue's path. */
import type { LabPath } from '../../shared/lab/issues';
import { useStore } from '../store';
import { issuesAt, issuesUnder } from '../store/validation';
import { useShallow } from 'zustand/react/shallow';

export function useIssues(path: LabPath, below = false, exclude: readonly (string | number)[] = []) {
  return useStore(useShallow((s) => (below ? issuesUnder : issuesAt)(s.issues, path).filter((i) => !exclude.includes(i.path[path.length]!))));
}

/** `[0]` → `#1`, `['via']` → `via`: where below the field the issue is. */
const subPath = (p: LabPath) => p.map((x) => (typeof x === 'number' ? `#${x + 1}` : x)).join(' ');

/** `exclude`: sub-fields shown by their own FieldIssues (with `below`). */
export function FieldIssues({ path, below = false, testid, exclude }: { path: LabPath; below?: boolean; testid?: string; exclude?: readonly (string | number)[] }) {
  const issues = useIssues(path, below, exclude);
  if (!issues.length) return null;
  return (
    <div className="field-issues" data-testid={testid}>
      {issues.map((i, k) => (
        <div className="field-issue" key={k} data-issue-path={i.path.join('.')}>
          {below && i.path.length > path.length ? <b>{subPath(i.path.slice(path.length))}: </b> : null}
          {i.message}
        </div>
      ))}
    </div>
  );
}
