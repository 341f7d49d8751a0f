/**
 * Validation issues for the lab being edited (checkLab on every change) and their mapping onto
 * the canvas and inspector: by node, by link key and by exact field path.
 */
import type { LabIssue, LabPath } from '../../shared/lab/issues';
import { linkKey } from '../../shared/lab/links';
import { checkLab } from '../../shared/lab/parse';
import type { Lab } from '../../shared/lab/schema';

export function checkIssues(lab: Lab): LabIssue[] {
  const r = checkLab(lab);
  return r.ok ? [] : r.issues;
}

const startsWith = (path: LabPath, prefix: LabPath) => prefix.every((p, i) => path[i] === p);

/** Issues exactly at `path` (a field) — what the inspector shows next to an input. */
export const issuesAt = (issues: LabIssue[], path: LabPath): LabIssue[] =>
  issues.filter((i) => i.path.length === path.length && startsWith(i.path, path));

/** Issues at or below `path`. */
export const issuesUnder = (issues: LabIssue[], path: LabPath): LabIssue[] => issues.filter((i) => startsWith(i.path, path));

/** Issue counts per node name and per link key, for badges on the canvas. */
export function issueCounts(lab: Lab, issues: LabIssue[]): { nodes: Record<string, number>; links: Record<string, number> } {
  const nodes: Record<string, number> = {};
  const links: Record<string, number> = {};
  for (const i of issues) {
    const [top, id] = i.path;
    if (top === 'nodes' && typeof id === 'string') nodes[id] = (nodes[id] ?? 0) + 1;
    if (top === 'links' && typeof id === 'number') {
      const l = lab.links?.[id];
      if (l) { const k = linkKey(l); links[k] = (links[k] ?? 0) + 1; }
    }
  }
  return { nodes, links };
}
