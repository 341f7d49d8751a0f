/**
 * The app's view of live captures (capture/capture.ts does the capturing): each capture's packets
 * leave as one `capturePacket` event per capture per 100 ms at most, capped per batch (a flood on
 * a link must not flood the UI), then one `captureEnded`. Finished captures are remembered for a
 * while so their pcap can still be downloaded.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { CAPTURE_BATCH_MAX, CAPTURE_CHUNK_BYTES, CAPTURE_TEXT_MAX } from '../../../shared/protocol/teaching';
import type { Emit } from '../serve';
import { listCaptures, startCapture, stopCapture, type CaptureInfo, type CaptureLine } from '../capture/capture';
import { EngineError } from '../engine';

/** How often a capture's packets are sent. */
export const FLUSH_MS = 100;
/** Finished captures remembered (for Save .pcap after Stop). */
const FINISHED_MAX = 100;

const finished = new Map<string, CaptureInfo>();

/** Collects one capture's packets and sends them in batches. */
export class PacketBatcher {
  private batch: { ts: string; text: string }[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  constructor(private readonly captureId: string, private readonly send: (p: { captureId: string; packets: { ts: string; text: string }[]; dropped: number }) => void, private readonly flushMs = FLUSH_MS) {}

  add(l: Pick<CaptureLine, 'ts' | 'text'>): void {
    if (this.batch.length < CAPTURE_BATCH_MAX) this.batch.push({ ts: l.ts.slice(0, 40), text: l.text.slice(0, CAPTURE_TEXT_MAX) });
    else this.dropped++;
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.batch.length && !this.dropped) return;
    const packets = this.batch;
    const dropped = this.dropped;
    this.batch = [];
    this.dropped = 0;
    this.send({ captureId: this.captureId, packets, dropped });
  }
}

function remember(info: CaptureInfo): void {
  finished.delete(info.id);
  finished.set(info.id, info);
  while (finished.size > FINISHED_MAX) finished.delete(finished.keys().next().value!);
}

/** Start a capture whose packets and end go out as events. */
export async function startLiveCapture(req: { lab: string; node: string; iface: string }, emit: Emit): Promise<CaptureInfo> {
  const cap = await startCapture(req);
  const batcher = new PacketBatcher(cap.id, (p) => emit('capturePacket', p));
  // the one-line decode without the MAC addresses (-e) a packet list does not need; the pcap has them
  cap.on('packet', (l) => batcher.add({ ts: l.ts, text: l.packet?.summary || l.text }));
  cap.once('end', (info) => {
    batcher.flush();
    remember(info);
    emit('captureEnded', info);
  });
  return cap.info();
}

export const stopLiveCapture = (id: string): Promise<CaptureInfo> => stopCapture(id);

/** Running captures first, then the finished ones, newest last. */
export function allCaptures(): CaptureInfo[] {
  const running = listCaptures();
  const ids = new Set(running.map((c) => c.id));
  return [...running, ...[...finished.values()].filter((c) => !ids.has(c.id))];
}

/** One piece of a capture's pcap (running or finished), base64. */
export async function readCapture(id: string, offset: number): Promise<{ name: string; size: number; offset: number; base64: string; done: boolean }> {
  const info = allCaptures().find((c) => c.id === id);
  if (!info) throw new EngineError('not-found', `no capture ${id}`);
  const fh = await open(info.file, 'r').catch(() => { throw new EngineError('not-found', `the pcap of capture ${id} is gone`); });
  try {
    const size = (await fh.stat()).size;
    const start = Math.min(offset, size);
    const buf = Buffer.alloc(Math.min(CAPTURE_CHUNK_BYTES, size - start));
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    return { name: basename(info.file), size, offset: start, base64: buf.subarray(0, bytesRead).toString('base64'), done: start + bytesRead >= size };
  } finally {
    await fh.close();
  }
}
