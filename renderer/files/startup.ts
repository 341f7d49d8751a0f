/**
 * First start: show the built-in sample at once, then — when a server answers — re-attach to a
 * deployed lab it reports, or else open its first example (unless the user already started editing).
 */
import type { NslabApi } from '../../shared/protocol/api';
import { actions, store } from '../store';
import { SAMPLE_LAB } from './sample-lab';
import { openText } from './files';
import { serializeLab } from '../../shared/lab/serialize';

function whenConnected(timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const ok = () => ['connected', 'electron'].includes(store.getState().connection.state);
    if (ok()) return resolve(true);
    if (store.getState().connection.state === 'no-token') return resolve(false);
    const timer = setTimeout(() => { unsub(); resolve(false); }, timeoutMs);
    const unsub = store.subscribe((s) => {
      if (ok()) { clearTimeout(timer); unsub(); resolve(true); }
    });
  });
}

/**
 * Load the first lab. When it is settled, `<html data-startup="done">` says so (end-to-end specs wait
 * for it, so a lab they start is not replaced by the example arriving late).
 */
export async function startup(api: NslabApi): Promise<void> {
  try {
    await firstLab(api);
  } finally {
    document.documentElement.dataset.startup = 'done';
  }
}

async function firstLab(api: NslabApi): Promise<void> {
  actions().loadLab(SAMPLE_LAB, { name: null, path: null });
  const untouched = () => actions().past.length === 0 && actions().lab === SAMPLE_LAB;
  if (!(await whenConnected(3000))) return;
  const listed = await api.invoke('list', {});
  if (!untouched()) return;
  const running = listed.ok ? listed.value.labs.find((l) => l.lab && l.present > 0) : undefined;
  if (running?.lab) {
    const name = running.file?.split('/').pop() ?? null;
    if (await openText(serializeLab(running.lab as never), name)) {
      // It is deployed: mark what the ledger reports as present.
      actions().finishApply(true);
    }
    return;
  }
  const ex = await api.invoke('examples', {});
  const first = ex.ok ? ex.value.examples[0] : undefined;
  if (first && untouched()) await openText(first.text, `${first.id.replace(/\.ya?ml$/, '')}.yaml`);
}
