/** What a check run reports: one verdict per `checks:` entry of a lab (lab-format.md). */

export type CheckKind = 'ping' | 'route' | 'command';

export interface CheckResult {
  /** the check's own name, or a generated one like `h1 → h2 (ping)` */
  name: string;
  /** index in the lab's `checks:` list, so the UI can point at the entry */
  index: number;
  from: string;
  kind: CheckKind;
  pass: boolean;
  /** short, human: `no reply from 10.0.2.2`, `route to default via 10.0.1.1 not found; h1 has: …` */
  reason: string;
  durationMs: number;
}

export interface CheckReport {
  lab: string;
  results: CheckResult[];
  passed: number;
  failed: number;
  durationMs: number;
  /** the lab is an exercise whose checks are hidden until they pass */
  hidden: boolean;
}
