/**
 * The Run tab's action: one argv, run in each target node through the helper's `exec` request
 * (`ip netns exec NS argv…`, no shell), every node's answer shown as it arrives.
 */
import type { NslabApi } from '../../shared/protocol/api';
import { actions } from '../store';

/** How long one node's command may run (the helper kills it after that). */
export const RUN_TIMEOUT_MS = 30_000;
/** Nodes asked at once. */
const PARALLEL = 8;

export async function runOnNodes(api: NslabApi, argv: string[], targets: string[]): Promise<void> {
  if (!argv.length || !targets.length) return;
  const lab = actions().lab.name;
  actions().startRun(argv, targets);
  const queue = [...targets];
  const worker = async () => {
    for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
      const r = await api.invoke('exec', { name: lab, node, argv, timeoutMs: RUN_TIMEOUT_MS });
      actions().setRunResult(node, r.ok ? { state: 'done', ...r.value } : { state: 'failed', message: r.message });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, targets.length) }, worker));
}
