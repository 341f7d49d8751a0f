/**
 * How the renderer sends a plan or an apply: as a delta against the lab the helper last confirmed
 * holding (shared/lab/delta.ts; the helper then parses and validates only what changed), or,
 * when there is no such base or the edit cannot be said as a delta, as the whole lab.
 */
import { deltaOf, type LabDelta } from '../../shared/lab/delta';
import type { Lab } from '../../shared/lab/schema';
import type { NslabApi, Params, Reply, ResultOf } from '../../shared/protocol/api';
import { actions } from '../store';
import type { AppliedBase } from '../store/types';

export type ApplyRequest =
  | { method: 'apply'; params: Params<'apply'> }
  | { method: 'applyDelta'; params: Params<'applyDelta'> };

const whole = (lab: Lab, file: string | null): Params<'apply'> => ({ lab: lab as unknown as Record<string, unknown>, ...(file ? { file } : {}) });

/** `lab` as a delta against the helper's base; null without one, or when no delta says it (another lab name, nodes reordered). */
function deltaFor(lab: Lab, base: AppliedBase | null): LabDelta | null {
  const body = base ? deltaOf(base.lab, lab) : null;
  return base && body ? { name: lab.name, base: base.revision, ...body } : null;
}

/** The request that applies `lab`, given the helper's base. */
export function applyRequest(lab: Lab, base: AppliedBase | null, file: string | null): ApplyRequest {
  const delta = deltaFor(lab, base);
  return delta ? { method: 'applyDelta', params: { delta, ...(file ? { file } : {}) } } : { method: 'apply', params: whole(lab, file) };
}

/**
 * Apply `lab` (the store's object, which becomes the next base on success). A helper that no
 * longer holds the base (restarted, other labs applied since) answers 'stale', having changed
 * nothing: the whole lab is sent instead, silently. Any failure forgets the base.
 */
export async function sendApply(api: NslabApi, lab: Lab, file: string | null): Promise<Reply<ResultOf<'apply'>>> {
  const req = applyRequest(lab, actions().appliedBase, file);
  return withBase(lab, req.method === 'applyDelta', () => api.invoke(req.method, req.params), () => api.invoke('apply', whole(lab, file)));
}

/**
 * Plan `lab` for the preview, the same way: the helper keeps the lab planned as the base, so the
 * apply confirmed after it is a delta of what changed since the preview (usually nothing).
 */
export async function sendPlan(api: NslabApi, lab: Lab): Promise<Reply<ResultOf<'plan'>>> {
  const delta = deltaFor(lab, actions().appliedBase);
  const wholePlan = () => api.invoke('plan', whole(lab, null));
  return withBase(lab, delta !== null, delta ? () => api.invoke('planDelta', { delta }) : wholePlan, wholePlan);
}

/** Send (`first`; `retry` with the whole lab when a delta was stale), then keep or forget the base. */
async function withBase<R extends { revision?: string | undefined }>(lab: Lab, isDelta: boolean, first: () => Promise<Reply<R>>, retry: () => Promise<Reply<R>>): Promise<Reply<R>> {
  let r = await first();
  if (!r.ok && r.code === 'stale' && isDelta) r = await retry();
  actions().setAppliedBase(r.ok && r.value.revision ? { revision: r.value.revision, lab } : null);
  return r;
}
