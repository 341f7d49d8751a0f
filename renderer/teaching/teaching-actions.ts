/**
 * The teaching features' requests: run the checks, the matrix, a trace (and play it on the
 * canvas), start/stop captures, download a pcap. Module-level, like lifecycle.ts: components and
 * listeners call these; results go to the store's teaching slice.
 */
import { parseEndpoint } from '../../shared/lab/links';
import type { NslabApi } from '../../shared/protocol/api';
import { CAPTURE_DOWNLOAD_MAX, type ProbeDto } from '../../shared/protocol/teaching';
import { getApi } from '../api/client';
import { downloadUrl } from '../files/download';
import { actions, store } from '../store';
import { captureOnLink } from '../store/teaching-slice';
import { STEP_MS, traceSteps } from './trace-steps';

export async function runChecks(): Promise<void> {
  const s = actions();
  if (s.checks.state === 'running') return;
  s.setChecks({ state: 'running' });
  const r = await getApi().invoke('checksRun', { name: s.lab.name });
  actions().setChecks(r.ok ? { state: 'done', value: r.value } : { state: 'error', message: r.message });
}

export async function runMatrix(): Promise<void> {
  const s = actions();
  if (s.matrix.state === 'running') return;
  s.setMatrix({ state: 'running' });
  const r = await getApi().invoke('matrix', { name: s.lab.name });
  actions().setMatrix(r.ok ? { state: 'done', value: r.value } : { state: 'error', message: r.message });
}

let animation: ReturnType<typeof setInterval> | null = null;

/** Play the current trace: one link crossing per STEP_MS, then one more tick to show the result. */
export function animateTrace(): void {
  if (animation) clearInterval(animation);
  const s = actions();
  if (s.trace.state !== 'done') return;
  const total = traceSteps(s.lab, s.trace.value).length;
  s.setTraceStep(0);
  animation = setInterval(() => {
    const step = actions().traceStep + 1;
    actions().setTraceStep(step);
    if (step > total && animation) { clearInterval(animation); animation = null; }
  }, STEP_MS);
}

export function probeOf(form: { probe: 'icmp' | 'udp' | 'tcp'; port: string }): ProbeDto | string {
  if (form.probe === 'icmp') return { kind: 'icmp' };
  const port = Number(form.port);
  if (!/^\d+$/.test(form.port) || port < 1 || port > 65535) return 'the port must be 1-65535';
  return { kind: form.probe, port };
}

/** Trace src → dst with the form's probe (or the one given), show it in the Trace tab and play it. */
export async function runTrace(pair?: { src: string; dst: string }): Promise<void> {
  const s = actions();
  if (pair) s.setTraceForm(pair);
  const form = actions().traceForm;
  s.setDockTab('trace');
  const probe = probeOf(form);
  if (typeof probe === 'string') return actions().setTrace({ state: 'error', message: probe });
  if (!form.src || !form.dst) return actions().setTrace({ state: 'error', message: 'pick a source node and a destination' });
  if (animation) { clearInterval(animation); animation = null; }
  s.setTrace({ state: 'running' });
  const r = await getApi().invoke('trace', { name: s.lab.name, src: form.src, dst: form.dst.trim(), probe });
  actions().setTrace(r.ok ? { state: 'done', value: r.value } : { state: 'error', message: r.message });
  if (r.ok) animateTrace();
}

/** The end of a cable to capture on: a host's or router's if it has one (a switch port sees the same frames). */
export function captureEnd(lab: ReturnType<typeof actions>['lab'], key: string): { node: string; iface: string } {
  const ends = key.split('--').map(parseEndpoint);
  return ends.find((e) => lab.nodes[e.node]?.kind !== 'switch') ?? ends[0]!;
}

export async function refreshCaptures(api: NslabApi = getApi()): Promise<void> {
  const r = await api.invoke('captureList', {});
  if (r.ok) actions().upsertCaptures(r.value.captures, { wireshark: r.value.wireshark });
}

export async function toggleLinkCapture(key: string): Promise<void> {
  const s = actions();
  const running = captureOnLink(s, key);
  if (running) return stopCapture(running.info.id);
  const end = captureEnd(s.lab, key);
  const r = await getApi().invoke('captureStart', { name: s.lab.name, node: end.node, iface: end.iface });
  if (!r.ok) return actions().setDialog({ kind: 'message', title: 'Capture failed', text: r.message });
  actions().upsertCaptures([r.value], { show: r.value.id });
  actions().setDockTab('capture');
  void refreshCaptures();
}

export async function stopCapture(id: string): Promise<void> {
  const r = await getApi().invoke('captureStop', { id });
  if (r.ok) actions().upsertCaptures([r.value]);
  else actions().showToast(`Could not stop the capture: ${r.message}`);
}

/** Download the pcap (browser mode has no file system): read it in pieces, at most CAPTURE_DOWNLOAD_MAX. */
export async function savePcap(id: string): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  let name = `${id}.pcap`;
  for (;;) {
    const r = await getApi().invoke('captureRead', { id, offset });
    if (!r.ok) return actions().setDialog({ kind: 'message', title: 'Save .pcap failed', text: r.message });
    if (r.value.size > CAPTURE_DOWNLOAD_MAX) {
      return actions().setDialog({ kind: 'message', title: 'Capture too large', text: `The capture is ${r.value.size} bytes; the app downloads at most ${CAPTURE_DOWNLOAD_MAX}. Its file on the machine: ${actions().captures[id]?.info.file ?? ''}` });
    }
    name = r.value.name;
    const bin = atob(r.value.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    parts.push(bytes);
    offset = r.value.offset + bytes.length;
    if (r.value.done || bytes.length === 0) break;
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/vnd.tcpdump.pcap' }));
  downloadUrl(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function openWireshark(id: string): Promise<void> {
  const r = await getApi().invoke('captureWireshark', { id });
  if (!r.ok) return actions().setDialog({ kind: 'message', title: 'Open in Wireshark failed', text: r.message });
  actions().showToast(r.value.opened ? 'Wireshark is opening the capture' : (r.value.message ?? 'Wireshark could not be started'));
}

/** Capture events → store (called from api/listeners.ts). */
export function attachTeachingListeners(api: NslabApi): () => void {
  const offs = [
    api.on('capturePacket', (p) => actions().addPackets(p)),
    api.on('captureEnded', (info) => actions().upsertCaptures([info])),
    // A trace shows the lab as it was: once the lab is applied again or another is opened, it is stale.
    store.subscribe((s, prev) => {
      if ((s.busy === 'apply' && prev.busy !== 'apply') || s.loadSeq !== prev.loadSeq) {
        if (animation) { clearInterval(animation); animation = null; }
        if (s.trace.state !== 'idle') s.clearTrace();
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}
