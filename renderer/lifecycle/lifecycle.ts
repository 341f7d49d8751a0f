/**
 * Deploy / apply / destroy: plan first, show the operations, apply on confirmation. Statuses
 * come from `progress` events (api/listeners.ts); replies settle the final state.
 */
import { formatPath } from '../../shared/lab/issues';
import type { Reply } from '../../shared/protocol/api';
import { getApi } from '../api/client';
import { actions } from '../store';
import { sendApply, sendPlan } from './apply-request';

const failure = (r: Extract<Reply<unknown>, { ok: false }>) =>
  [r.message, ...(r.issues ?? []).map((i) => `${i.path}: ${i.message}`)].join('\n');

/** Plan the current lab and open the preview dialog. */
export async function requestPlan(): Promise<void> {
  const s = actions();
  if (s.busy) return;
  if (s.issues.length) {
    s.setDialog({ kind: 'message', title: 'The lab has problems', text: s.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n') });
    s.setDockTab('problems');
    return;
  }
  s.setBusy('plan');
  const r = await sendPlan(getApi(), s.lab);
  actions().setBusy(null);
  if (!r.ok) return actions().setDialog({ kind: 'message', title: 'Planning failed', text: failure(r) });
  actions().setPendingPlan(r.value.ops);
  actions().setDialog('plan');
}

/** Apply the lab (after the user confirmed the plan). */
export async function confirmApply(): Promise<void> {
  const s = actions();
  const ops = s.pendingPlan ?? [];
  s.setDialog(null);
  s.setPendingPlan(null);
  s.startApply(ops);
  s.setDockTab('log');
  s.setBusy('apply');
  const r = await sendApply(getApi(), s.lab, s.file.path);
  actions().setBusy(null);
  if (r.ok) actions().finishApply(true);
  else {
    actions().finishApply(false, r.message);
    actions().setDialog({ kind: 'message', title: 'Apply failed', text: failure(r) });
  }
}

export async function destroyLab(): Promise<void> {
  const s = actions();
  if (s.busy) return;
  s.setBusy('destroy');
  const r = await getApi().invoke('destroy', { name: s.lab.name });
  actions().setBusy(null);
  if (r.ok) {
    actions().markDestroyed();
    actions().showToast(r.value.removed.length ? `Destroyed ${r.value.removed.length} namespaces of ${s.lab.name}` : `Nothing of ${s.lab.name} was deployed`);
  } else actions().setDialog({ kind: 'message', title: 'Destroy failed', text: failure(r) });
}
