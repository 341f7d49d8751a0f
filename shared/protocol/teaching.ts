/**
 * Contract pieces of the teaching features (issue #5): check reports, the connectivity matrix,
 * packet traces and live captures. The helper's own types (electron/helper/checks, trace,
 * capture) are the source; these schemas check them when they cross a process boundary, so they
 * are deliberately a little looser than the types (strings where the helper has enums that may
 * grow), never stricter.
 */
import { z } from 'zod';

const nodeName = z.string().max(24);
const ifaceName = z.string().max(15);

export const CheckResultDto = z.object({
  name: z.string(),
  index: z.number().int().nonnegative(),
  from: nodeName,
  kind: z.enum(['ping', 'route', 'command']),
  pass: z.boolean(),
  reason: z.string(),
  durationMs: z.number(),
});
export type CheckResultDto = z.infer<typeof CheckResultDto>;

export const CheckReportDto = z.object({
  lab: z.string(),
  results: z.array(CheckResultDto),
  passed: z.number().int(),
  failed: z.number().int(),
  durationMs: z.number(),
  hidden: z.boolean(),
});
export type CheckReportDto = z.infer<typeof CheckReportDto>;

export const MatrixDto = z.object({
  lab: z.string(),
  nodes: z.array(nodeName),
  cells: z.array(z.object({ from: nodeName, to: nodeName, family: z.union([z.literal(4), z.literal(6)]), address: z.string(), ok: z.boolean() })),
  durationMs: z.number(),
});
export type MatrixDto = z.infer<typeof MatrixDto>;

const port = z.number().int().min(1).max(65535);
/** What a trace sends: one ping, or one UDP datagram / TCP SYN to a port. */
export const ProbeDto = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('icmp') }),
  z.object({ kind: z.literal('udp'), port }),
  z.object({ kind: z.literal('tcp'), port }),
]);
export type ProbeDto = z.infer<typeof ProbeDto>;

const L4Dto = z.discriminatedUnion('proto', [
  z.object({ proto: z.literal('icmp'), type: z.string(), text: z.string(), id: z.number().optional(), seq: z.number().optional(), code: z.string().optional(), target: z.string().optional() }),
  z.object({ proto: z.literal('tcp'), sport: z.number(), dport: z.number(), flags: z.string() }),
  z.object({ proto: z.literal('udp'), sport: z.number(), dport: z.number() }),
  z.object({ proto: z.literal('arp'), op: z.string(), target: z.string().nullable(), sender: z.string().nullable(), mac: z.string().optional() }),
]).nullable();

export const HopDto = z.object({
  node: nodeName,
  iface: ifaceName,
  direction: z.enum(['in', 'out']),
  atUs: z.number(),
  l2: z.object({ src: z.string(), dst: z.string() }).nullable(),
  l3: z.object({ family: z.union([z.literal(4), z.literal(6)]), src: z.string(), dst: z.string(), ttl: z.number().nullable(), proto: z.string().nullable() }).nullable(),
  l4: L4Dto,
  summary: z.string(),
});
export type HopDto = z.infer<typeof HopDto>;

export const LossDto = z.object({
  path: z.enum(['request', 'reply']),
  node: nodeName,
  iface: ifaceName.nullable(),
  direction: z.enum(['in', 'out']).nullable(),
  reason: z.string(),
  detail: z.string(),
});
export type LossDto = z.infer<typeof LossDto>;

export const TraceResultDto = z.object({
  lab: z.string(),
  src: nodeName,
  dst: z.string(),
  dstAddress: z.string(),
  srcAddress: z.string().nullable(),
  probe: ProbeDto,
  reached: z.boolean(),
  replied: z.boolean(),
  answer: z.string(),
  request: z.array(HopDto),
  reply: z.array(HopDto),
  lost: LossDto.nullable(),
  captured: z.number().int(),
  durationMs: z.number(),
  probeOutput: z.string(),
});
export type TraceResultDto = z.infer<typeof TraceResultDto>;

/** Capture ids are chosen by the helper: `<lab>-<node>-<iface>-<ms>-<n>`. */
export const CaptureId = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/);
export const CaptureInfoDto = z.object({
  id: CaptureId,
  lab: z.string(),
  node: nodeName,
  iface: ifaceName,
  /** the .pcap on the helper's machine (root-only directory; read it with captureRead) */
  file: z.string(),
  startedAt: z.string(),
  packets: z.number().int().nonnegative(),
  running: z.boolean(),
});
export type CaptureInfoDto = z.infer<typeof CaptureInfoDto>;

/** Largest piece of a pcap one captureRead reply carries (base64 of it stays under the frame limit). */
export const CAPTURE_CHUNK_BYTES = 4 * 1024 * 1024;
/** Largest pcap the app downloads (a longer capture: stop earlier, or copy the file as root). */
export const CAPTURE_DOWNLOAD_MAX = 16 * 1024 * 1024;
/** Packets in one capturePacket event at most (the helper sends one event per capture per 100 ms). */
export const CAPTURE_BATCH_MAX = 200;
/** Longest decoded line of one packet that crosses the boundary. */
export const CAPTURE_TEXT_MAX = 1000;

export const CapturePacketsDto = z.object({
  captureId: CaptureId,
  packets: z.array(z.object({ ts: z.string().max(40), text: z.string().max(CAPTURE_TEXT_MAX) })).max(CAPTURE_BATCH_MAX),
  /** packets seen in this interval that were not sent (the batch was full) */
  dropped: z.number().int().nonnegative(),
});
export type CapturePacketsDto = z.infer<typeof CapturePacketsDto>;
