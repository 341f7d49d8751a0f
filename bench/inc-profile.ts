/**
 * Where an incremental `apply` spends its time, phase by phase: `tsx bench/inc-profile.ts [nodes]`
 * as root. One process (like the helper): full up of the chain, then the incremental change
 * (bench/inc-change.ts) applied three times over alternately (changed, original, changed…), each
 * with its phase timings. Removes the lab at the end.
 */
import { apply, destroy, useObserveCache } from '../electron/helper/engine';
import { benchLab } from './labs';
import { incrementalChange } from './inc-change';

const n = Number(process.argv[2] ?? 200);
const cache = process.env.NSLAB_NO_CACHE ? null : useObserveCache();
const { lab } = benchLab('chain', n, `bench-incp-${n}`);
const changed = incrementalChange(lab);
const fmt = (t: Record<string, number>) => Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
try {
  let timings: Record<string, number> = {};
  let t0 = performance.now();
  let r = await apply(lab, { timings });
  console.log(`up: ${(performance.now() - t0).toFixed(0)} ms, ${r.ops.length} ops\n  ${fmt(timings)}`);
  await new Promise((res) => setTimeout(res, 1500));
  for (let i = 0; i < 4; i++) {
    timings = {};
    t0 = performance.now();
    r = await apply(i % 2 === 0 ? changed : lab, { timings });
    console.log(`incremental ${i}: ${(performance.now() - t0).toFixed(1)} ms, ${r.ops.length} ops\n  ${fmt(timings)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
} finally {
  await destroy(lab.name).catch((e) => console.error(e));
  console.log(`cache: ${JSON.stringify(cache?.stats ?? null)}, held after down: ${cache?.held().length ?? 0}`);
  useObserveCache(false);
}
