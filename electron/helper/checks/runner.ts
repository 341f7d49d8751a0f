/**
 * Runs a lab's `checks:` against the running lab, a few at a time. Every command goes through the
 * engine's execInNode, so checks only ever run inside namespaces the lab owns.
 */
import { performance } from 'node:perf_hooks';
import type { Lab, LabCheck } from '../../../shared/lab/schema';
import { EngineError, ownedNodeNs, validLab } from '../engine';
import { runPool } from '../kernel/pool';
import { checkName, kindOf } from './describe';
import { runCommand, runPing, runRoute, type Verdict } from './probes';
import { waitForLinks } from './settle';
import { pingTargets } from './targets';
import type { CheckReport, CheckResult } from './types';

export interface RunChecksOptions {
  /** checks in flight at once (default 4: each is a process or two) */
  concurrency?: number;
}

/** Compile `expect.output`; a bad regular expression is invalid input, found before anything runs. */
function outputRegex(c: LabCheck, index: number): RegExp | null {
  if (typeof c.expect !== 'object' || c.expect.output === undefined) return null;
  try {
    // m: `^1$` matches a line of the output, the way grep reads it.
    return new RegExp(c.expect.output, 'm');
  } catch (e) {
    throw new EngineError('invalid', `checks[${index}].expect.output: ${(e as Error).message}`, [{ path: `checks[${index}].expect.output`, message: (e as Error).message }]);
  }
}

/**
 * Run every check of `data` (a lab file's content) against the running lab of the same name.
 *
 * @example const report = await runChecks(lab); if (report.failed) process.exitCode = 1
 */
export async function runChecks(data: unknown, opts: RunChecksOptions = {}): Promise<CheckReport> {
  const lab: Lab = validLab(data);
  const checks = lab.checks ?? [];
  const regexes = checks.map(outputRegex);
  // Refuse early, with one clear message, when the lab is not running at all.
  const froms = [...new Set(checks.map((c) => c.from))];
  if (froms.length) await ownedNodeNs(lab.name, froms[0]!);
  const started = performance.now();
  await waitForLinks(lab.name);
  const results = await runPool(checks.map((c, i) => () => runOne(lab, c, i, regexes[i] ?? null)), opts.concurrency ?? 4);
  const done = results as CheckResult[];
  const passed = done.filter((r) => r.pass).length;
  return {
    lab: lab.name,
    results: done,
    passed,
    failed: done.length - passed,
    durationMs: Math.round(performance.now() - started),
    hidden: lab.exercise?.hidden_checks === true,
  };
}

async function runOne(lab: Lab, c: LabCheck, index: number, output: RegExp | null): Promise<CheckResult> {
  const t0 = performance.now();
  let v: Verdict;
  try {
    if (c.ping !== undefined) v = await runPing(lab.name, c, pingTargets(lab, c.ping));
    else if (c.route) v = await runRoute(lab.name, c);
    else v = await runCommand(lab.name, c, output);
  } catch (e) {
    // A node that is gone or a tool that failed makes this check fail, not the whole run.
    v = { pass: false, reason: (e as Error).message.split('\n')[0] ?? 'failed' };
  }
  return { name: checkName(c), index, from: c.from, kind: kindOf(c), ...v, durationMs: Math.round(performance.now() - t0) };
}
