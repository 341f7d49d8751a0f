/**
 * All-pairs reachability between a lab's hosts and routers: from every node, one ping to the first
 * address of each family of every other node. The data behind `nslab matrix` and the app's grid.
 */
import { performance } from 'node:perf_hooks';
import { EngineError, status, validLab } from '../engine';
import { runPool } from '../kernel/pool';
import { pingOnce } from './probes';
import { waitForLinks } from './settle';
import { firstAddresses } from './targets';

export interface MatrixCell { from: string; to: string; family: 4 | 6; address: string; ok: boolean }
export interface Matrix { lab: string; nodes: string[]; cells: MatrixCell[]; durationMs: number }

/** @example const m = await connectivityMatrix('routed'); m.cells.filter((c) => !c.ok) */
export async function connectivityMatrix(labName: string, opts: { concurrency?: number } = {}): Promise<Matrix> {
  const started = performance.now();
  const st = await status(labName);
  if (!st.ledger.spec) throw new EngineError('invalid', `lab "${labName}" was started without a lab file; the matrix needs its node list`);
  const lab = validLab(st.ledger.spec);
  const nodes = Object.entries(lab.nodes).filter(([, n]) => n.kind !== 'switch').map(([name]) => name).sort();
  await waitForLinks(labName, { namespaces: Object.keys(st.observed) });
  const pairs = nodes.flatMap((from) => nodes.filter((to) => to !== from).flatMap((to) => {
    const a = firstAddresses(lab, to);
    return ([4, 6] as const).filter((f) => a[f]).map((family) => ({ from, to, family, address: a[family]! }));
  }));
  const cells = await runPool(pairs.map((p) => async (): Promise<MatrixCell> => ({ ...p, ok: (await pingOnce(labName, p.from, p.address)).ok })), opts.concurrency ?? 8);
  return { lab: labName, nodes, cells: cells as MatrixCell[], durationMs: Math.round(performance.now() - started) };
}
