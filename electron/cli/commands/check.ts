/** check FILE|LAB: run the lab's checks against the running lab; 0 all pass, 1 any fails, 2 bad input. */
import { stat, writeFile } from 'node:fs/promises';
import type { Lab } from '../../../shared/lab/schema';
import { LAB_NAME } from '../../../shared/net/names';
import { junitXml } from '../../helper/checks/junit';
import { redactReport } from '../../helper/checks/redact';
import { runChecks } from '../../helper/checks/runner';
import { EngineError, status, validLab } from '../../helper/engine';
import { loadLabFile } from '../load';
import { UsageError } from '../usage';

const isFile = async (p: string): Promise<boolean> => stat(p).then((s) => s.isFile(), () => false);

/** A lab file, or the name of a running lab whose applied file the ledger keeps. */
export async function labFromTarget(target: string): Promise<Lab> {
  if (LAB_NAME.test(target) && !(await isFile(target))) {
    const spec = await status(target).then((s) => s.ledger.spec, (e) => {
      if (e instanceof EngineError && e.code === 'not-found') throw new UsageError(`no lab named "${target}" is running (nslab ls lists them)`);
      throw e;
    });
    if (!spec) throw new UsageError(`lab "${target}" was started without a lab file; run nslab check FILE`);
    return validLab(spec);
  }
  return loadLabFile(target);
}

export function parseFlags(args: string[], withValue: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) { positional.push(a); continue; }
    if (withValue.includes(a)) {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      flags.set(a, v);
    } else flags.set(a, true);
  }
  return { positional, flags };
}

export async function checkCmd(args: string[]): Promise<number> {
  const { positional, flags } = parseFlags(args, ['--junit']);
  const unknown = [...flags.keys()].filter((f) => !['--json', '--junit', '--reveal'].includes(f));
  if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
  const [target] = positional;
  if (!target || positional.length > 1) throw new UsageError('check needs one lab file or lab name');
  const lab = await labFromTarget(target);
  if (!lab.checks?.length) { console.log(`lab "${lab.name}" has no checks`); return 0; }
  const raw = await runChecks(lab).catch((e) => {
    if (e instanceof EngineError && (e.code === 'not-found' || e.code === 'not-owned')) throw new UsageError(`lab "${lab.name}" is not running; start it with nslab up first`);
    throw e;
  });
  const report = flags.has('--reveal') ? raw : redactReport(raw, lab);
  const junit = flags.get('--junit');
  if (typeof junit === 'string') await writeFile(junit, junitXml([report]));
  if (flags.has('--json')) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
  return report.failed === 0 ? 0 : 1;
}

function printReport(r: Awaited<ReturnType<typeof runChecks>>): void {
  const width = Math.min(48, Math.max(...r.results.map((c) => c.name.length)));
  for (const c of r.results) {
    console.log(`${c.pass ? '✓' : '✗'} ${c.name.padEnd(width)}  ${`${c.durationMs} ms`.padStart(7)}  ${c.reason}`);
  }
  console.log(`\nlab ${r.lab}: ${r.passed} of ${r.results.length} checks passed (${(r.durationMs / 1000).toFixed(1)} s)${r.hidden && r.failed ? '; details of failing checks are hidden in this exercise' : ''}`);
}
