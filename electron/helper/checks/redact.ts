/**
 * Exercises with `hidden_checks: true` keep a failing check's details from the student until it
 * passes (lab-format.md): what it pings or runs, and why it failed, would give the answer away.
 * An author's own check name stays (it is the task); a generated one names the target, so it goes.
 */
import type { Lab } from '../../../shared/lab/schema';
import type { CheckReport } from './types';

export const HIDDEN_REASON = 'hidden until it passes';

export function redactReport(report: CheckReport, lab: Lab): CheckReport {
  if (!report.hidden) return report;
  return {
    ...report,
    results: report.results.map((r) => (r.pass ? r : {
      ...r,
      name: lab.checks?.[r.index]?.name ?? `check ${r.index + 1}`,
      reason: HIDDEN_REASON,
    })),
  };
}
