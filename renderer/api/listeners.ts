/** Wire API events into the store (module-level actions, no React). Returns an unsubscribe. */
import type { NslabApi } from '../../shared/protocol/api';
import { actions } from '../store';
import { attachTerminalListeners } from '../terminals/sessions';
import { attachLiveListeners } from '../live/live-actions';
import { attachTeachingListeners } from '../teaching/teaching-actions';

export function attachListeners(api: NslabApi): () => void {
  const offs = [
    attachTerminalListeners(api),
    attachLiveListeners(api),
    attachTeachingListeners(api),
    api.on('progress', (p) => {
      if (p.lab !== actions().lab.name) return;
      actions().onProgress(p);
    }),
    api.on('helperStatus', (h) => {
      // a new helper process holds no revisions (the next apply sends the whole lab)
      if (h.state !== 'ready') actions().setAppliedBase(null);
      if (h.state === 'crashed') actions().showToast(`The nslab helper crashed${h.message ? `: ${h.message}` : ''}`);
    }),
  ];
  return () => offs.forEach((off) => off());
}
