/**
 * Live captures on one interface of a lab node: tcpdump writes the .pcap (for Wireshark) and, with
 * `--print`, the same process prints a one-line decode per packet, which we parse and hand out as
 * events and as an async iterator. Only interfaces in namespaces the lab owns.
 */
import { EventEmitter, on } from 'node:events';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ifaceNameProblem } from '../../../shared/net/names';
import { EngineError, execInNode, ownedNodeNs } from '../engine';
import type { Packet } from '../trace/packet';
import { parsePacket } from '../trace/tcpdump-parse';
import { DECODE_FLAGS, startTcpdump, type TcpdumpProc } from '../trace/tcpdump-proc';

/** Where pcaps go: root-only tmpfs, gone at reboot like the labs themselves. */
export const CAPTURE_DIR = process.env.NSLAB_CAPTURE_DIR ?? '/run/nslab/captures';

export interface CaptureInfo {
  id: string;
  lab: string;
  node: string;
  iface: string;
  file: string;
  startedAt: string;
  packets: number;
  running: boolean;
}

export interface CaptureLine { captureId: string; ts: string; text: string; packet: Packet | null }

export class Capture extends EventEmitter<{ packet: [CaptureLine]; end: [CaptureInfo] }> {
  packets = 0;
  running = true;
  private proc!: TcpdumpProc;
  constructor(readonly id: string, readonly lab: string, readonly node: string, readonly iface: string, readonly file: string, readonly startedAt: string) { super(); }

  /** @internal */ attach(proc: TcpdumpProc): void { this.proc = proc; }

  /** @internal */ line(text: string): void {
    const p = parsePacket([text]);
    if (!p) return;
    this.packets++;
    this.emit('packet', { captureId: this.id, ts: p.ts, text: text.slice(p.ts.length + 1), packet: p });
  }

  info(): CaptureInfo {
    return { id: this.id, lab: this.lab, node: this.node, iface: this.iface, file: this.file, startedAt: this.startedAt, packets: this.packets, running: this.running };
  }

  /** Decoded packets until the capture stops. */
  async *lines(): AsyncGenerator<CaptureLine> {
    for await (const [l] of on(this, 'packet', { close: ['end'] })) yield l as CaptureLine;
  }

  async stop(): Promise<CaptureInfo> {
    await this.proc.stop();
    if (this.running) {
      this.running = false;
      active.delete(this.id);
      this.emit('end', this.info());
    }
    return this.info();
  }
}

const active = new Map<string, Capture>();
let counter = 0;

/**
 * @example const c = await startCapture({ lab: 'routed', node: 'h1', iface: 'eth0' }); c.on('packet', show); …; await c.stop()
 */
export async function startCapture(req: { lab: string; node: string; iface: string }): Promise<Capture> {
  const bad = ifaceNameProblem(req.iface);
  if (bad) throw new EngineError('invalid', `interface name "${req.iface}" ${bad}`);
  const ns = await ownedNodeNs(req.lab, req.node);
  const exists = await execInNode(req.lab, req.node, ['ip', 'link', 'show', 'dev', req.iface]);
  if (exists.exitCode !== 0) throw new EngineError('not-found', `node ${req.node} of lab "${req.lab}" has no interface ${req.iface}`);
  await mkdir(CAPTURE_DIR, { recursive: true, mode: 0o700 });
  const started = new Date();
  const id = `${req.lab}-${req.node}-${req.iface}-${started.getTime()}-${++counter}`;
  const file = join(CAPTURE_DIR, `${id}.pcap`);
  const cap = new Capture(id, req.lab, req.node, req.iface, file, started.toISOString());
  // -Z root: Debian's tcpdump drops to user tcpdump before opening -w, which could not write here.
  // -U: each packet reaches the file at once, so a pcap opened mid-capture is complete so far.
  const proc = startTcpdump(ns, req.iface, [...DECODE_FLAGS, '-Z', 'root', '-U', '-w', file, '--print'], (l) => cap.line(l));
  cap.attach(proc);
  try {
    await proc.ready;
  } catch (e) {
    await proc.stop();
    throw new EngineError('kernel', (e as Error).message);
  }
  active.set(id, cap);
  return cap;
}

export async function stopCapture(id: string): Promise<CaptureInfo> {
  const cap = active.get(id);
  if (!cap) throw new EngineError('not-found', `no capture ${id} is running`);
  return cap.stop();
}

export const listCaptures = (): CaptureInfo[] => [...active.values()].map((c) => c.info());

/** On helper exit: no tcpdump outlives it. */
export async function stopAllCaptures(): Promise<void> {
  await Promise.all([...active.values()].map((c) => c.stop().catch(() => undefined)));
}

/** Stop the captures of a lab that is being taken down. */
export async function stopLabCaptures(lab: string): Promise<void> {
  await Promise.all([...active.values()].filter((c) => c.lab === lab).map((c) => c.stop().catch(() => undefined)));
}

/** "Open in Wireshark": the UI offers it only when a `wireshark` binary is on PATH. */
export async function wiresharkPath(): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    const p = join(dir, 'wireshark');
    const ok = await stat(p).then((s) => s.isFile() && (s.mode & 0o111) !== 0, () => false);
    if (ok) return p;
  }
  return null;
}
