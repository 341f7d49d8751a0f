/**
 * Live state's module-level actions (no React): the `live` listener, watching the deployed lab,
 * and the drift banner's and discovery's requests.
 *
 * The watch follows the deploy status: a lab is deployed once a node of it shows `up` (after an
 * apply succeeded, or when startup re-attached to a running lab) and no longer once Destroy (or
 * opening another lab) cleared the statuses. So lifecycle code needs no watch calls of its own.
 */
import { formatPath } from '../../shared/lab/issues';
import { Lab } from '../../shared/lab/schema';
import type { NslabApi, Reply } from '../../shared/protocol/api';
import { sendApply, sendPlan } from '../lifecycle/apply-request';
import { actions, store, type AppState } from '../store';

let api: NslabApi | null = null;

/** The lab the canvas shows live state for: the editor's lab while it is deployed. */
export const deployedLab = (s: AppState): string | null =>
  Object.values(s.nodeStatus).some((n) => n.status === 'up') ? s.lab.name : null;

async function watch(lab: string): Promise<void> {
  if (!api) return;
  actions().liveBegin(lab);
  const r = await api.invoke('watchStart', { lab });
  if (!r.ok && actions().live.lab === lab) actions().onLive({ type: 'error', lab, message: `cannot watch the lab: ${r.message}` });
}

function unwatch(lab: string): void {
  actions().liveEnd();
  void api?.invoke('watchStop', { lab });
}

/** Bring the watch in line with the store (called on every store change; cheap when nothing moved). */
let syncing = false;
function sync(s: AppState, prev: AppState): void {
  const want = deployedLab(s);
  const have = s.live.lab;
  if (want !== have) {
    if (syncing) return; // the store change our own liveBegin/liveEnd made
    syncing = true;
    try {
      if (have) unwatch(have);
      if (want) void watch(want);
    } finally {
      syncing = false;
    }
    return;
  }
  // the browser connection came back: the server forgot this page's watches with the old one
  if (want && s.connection.state === 'connected' && prev.connection.state !== 'connected') void watch(want);
}

export function attachLiveListeners(a: NslabApi): () => void {
  api = a;
  const off = a.on('live', (e) => {
    if (actions().onLive(e) === 'resync') {
      // a diff was missed: a new watchStart sends the current snapshot
      void a.invoke('watchStart', { lab: e.lab });
    }
  });
  // a restarted helper lost its watchers (Electron has no host-side registry to re-watch)
  const offStatus = a.on('helperStatus', (h) => {
    const lab = actions().live.lab;
    if (h.state === 'ready' && lab) void a.invoke('watchStart', { lab });
  });
  const unsub = store.subscribe(sync);
  sync(store.getState(), store.getState());
  return () => { off(); offStatus(); unsub(); api = null; };
}

const failure = (r: Extract<Reply<unknown>, { ok: false }>) =>
  [r.message, ...(r.issues ?? []).map((i) => `${i.path}: ${i.message}`)].join('\n');

/**
 * The drift banner's "Re-apply lab": plan and apply the editor's lab (the operations are already
 * listed in the banner, so there is no preview), with statuses and the command log as a Deploy.
 */
export async function reapplyLab(): Promise<void> {
  const s = actions();
  if (!api || s.busy) return;
  if (s.issues.length) {
    s.setDialog({ kind: 'message', title: 'The lab has problems', text: s.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n') });
    return;
  }
  s.setBusy('apply');
  const planned = await sendPlan(api, s.lab);
  if (!planned.ok) {
    actions().setBusy(null);
    actions().setDialog({ kind: 'message', title: 'Re-apply failed', text: failure(planned) });
    return;
  }
  actions().startApply(planned.value.ops);
  const r = await sendApply(api, s.lab, s.file.path);
  actions().setBusy(null);
  if (r.ok) actions().finishApply(true);
  else {
    actions().finishApply(false, r.message);
    actions().setDialog({ kind: 'message', title: 'Re-apply failed', text: failure(r) });
  }
}

/**
 * The drift banner's "Adopt into lab": the helper edits the running lab's file to describe the
 * kernel; the result replaces the editor's lab as one undoable edit (positions and everything
 * the kernel does not hold stay as drawn), and the file becomes unsaved.
 */
export async function adoptIntoLab(): Promise<void> {
  const s = actions();
  if (!api || !s.live.lab) return;
  const r = await api.invoke('adopt', { name: s.live.lab });
  if (!r.ok) return actions().setDialog({ kind: 'message', title: 'Adopt failed', text: failure(r) });
  const parsed = Lab.safeParse(r.value.lab);
  if (!parsed.success) return actions().setDialog({ kind: 'message', title: 'Adopt failed', text: 'the helper sent a lab that does not parse' });
  const adopted = parsed.data;
  // keep the editor's layout: the ledger's copy may have older positions
  const current = actions().lab;
  const nodes = Object.fromEntries(Object.entries(adopted.nodes).map(([n, node]) => [n, current.nodes[n]?.position ? { ...node, position: current.nodes[n]!.position } : node]));
  actions().edit(() => ({ ...adopted, nodes }));
  actions().dismissDrift();
  const { adopted: taken, skipped } = r.value;
  if (skipped.length) {
    actions().setDialog({ kind: 'message', title: 'Adopted into the lab', text: [...taken.map((t) => `adopted: ${t}`), ...skipped.map((t) => `not adopted: ${t}`)].join('\n') });
  } else actions().showToast(taken.length ? `Adopted ${taken.length} change(s): ${taken.join('; ')}` : 'Nothing to adopt: the lab file can not express the difference');
}

/** Toolbar "This machine's network": read every namespace and show the read-only view. */
export async function openDiscovery(): Promise<void> {
  const s = actions();
  s.setDiscovery({ open: true, loading: true, error: null });
  if (!api) return actions().setDiscovery({ loading: false, error: 'not connected' });
  const r = await api.invoke('discover', {});
  actions().setDiscovery(r.ok ? { loading: false, graph: r.value, error: null } : { loading: false, error: r.message });
}

export const closeDiscovery = (): void => actions().setDiscovery({ open: false });
