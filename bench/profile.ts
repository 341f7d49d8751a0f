/**
 * Where `up` spends its time: plan a generated lab, then run the plan one stage at a time through
 * the executor (stages run in order anyway, so this is the same work), timing each stage and
 * counting processes. `tsx bench/profile.ts [chain|tree] [nodes]`, NSLAB_EXECUTOR=iproute2 for
 * the process-per-namespace path. Cleans up what it made.
 */
import { execute } from '../electron/helper/kernel/executor';
import { runStats } from '../electron/helper/kernel/run';
import { resolveLab } from '../shared/lab/resolve';
import { STAGE } from '../shared/ops/types';
import { plan } from '../shared/planner/plan';
import { benchLab, type Topology } from './labs';

const topology = (process.argv[2] ?? 'chain') as Topology;
const n = Number(process.argv[3] ?? 200);
const { lab } = benchLab(topology, n, `bench-prof-${n}`);
const resolved = resolveLab(lab);
const ops = plan({ desired: resolved, observed: {}, owned: [] });
const allowed = new Set(resolved.nodes.map((x) => x.ns));
const rows: string[] = [];
let total = 0;
try {
  for (const stage of [...new Set(ops.map((o) => STAGE[o.kind]))].sort((a, b) => a - b)) {
    const mine = ops.filter((o) => STAGE[o.kind] === stage);
    const before = runStats.spawned, t0 = performance.now();
    const r = await execute(mine, { allowedNs: allowed });
    const ms = performance.now() - t0;
    total += ms;
    if (r.failed) throw new Error(`stage ${stage}: ${r.failed.message}`);
    const kinds = [...new Set(mine.map((o) => o.kind))].join(', ');
    rows.push(`stage ${stage}: ${ms.toFixed(0).padStart(6)} ms  ${String(runStats.spawned - before).padStart(4)} processes  ${String(mine.length).padStart(5)} ops  (${kinds})`);
  }
} finally {
  const t0 = performance.now();
  await execute(resolved.nodes.map((x) => ({ kind: 'netns.del' as const, ns: x.ns })), { allowedNs: allowed });
  rows.push(`down:    ${(performance.now() - t0).toFixed(0).padStart(6)} ms`);
}
console.log(`${topology} ${n}, executor ${process.env.NSLAB_EXECUTOR ?? 'default'}: ${ops.length} ops, ${total.toFixed(0)} ms\n${rows.join('\n')}`);
