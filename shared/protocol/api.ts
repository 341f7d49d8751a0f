/**
 * The one contract between the renderer and whatever serves it (Electron main through the preload,
 * or the browser-mode WebSocket server), and between main and the privileged helper. Every message
 * that crosses a process boundary is checked against these schemas on arrival (ARCHITECTURE.md).
 * Channel names are derived from the keys here; nobody types a channel string by hand.
 */
import { z } from 'zod';
import { LAB_NAME } from '../net/names';
import { LabDelta, Revision } from '../lab/delta';
import { CaptureId, CaptureInfoDto, CapturePacketsDto, CheckReportDto, MatrixDto, ProbeDto, TraceResultDto } from './teaching';
import { DiscoveryGraphDto, LiveEventDto } from './live';

/** A lab as data (the parsed lab file). Validated again by the engine with checkLab. */
const LabData = z.record(z.string(), z.unknown());
const labName = z.string().regex(LAB_NAME);

export const PlannedOp = z.object({
  /** index in the plan */
  index: z.number().int(),
  kind: z.string(),
  node: z.string().optional(),
  link: z.string().optional(),
  /** the equivalent command line, e.g. `ip -n nslab-lab-h1 addr add 10.0.1.2/24 dev eth0` */
  command: z.string(),
});
export type PlannedOp = z.infer<typeof PlannedOp>;

export const IssueDto = z.object({ path: z.string(), message: z.string(), line: z.number().optional(), col: z.number().optional() });

export const LabSummary = z.object({
  name: z.string(),
  nodes: z.number().int(),
  /** namespaces the ledger names that still exist */
  present: z.number().int(),
  file: z.string().nullable(),
  /** the lab file as applied, for re-attaching the canvas */
  lab: LabData.nullable(),
});
export type LabSummary = z.infer<typeof LabSummary>;

const PlannedDto = z.object({ ops: z.array(PlannedOp), revision: Revision.optional() });
const AppliedDto = z.object({ ops: z.array(PlannedOp), applied: z.number().int(), revision: Revision.optional() });

/** Terminals (a pty in a lab node): ids are random, chosen by the helper. */
export const TerminalId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
/** Largest input frame a terminal accepts (a paste bigger than this is sent in pieces). */
export const TERMINAL_INPUT_MAX = 64 * 1024;
/** Largest output chunk in one terminalData event (the helper coalesces to at most this). */
export const TERMINAL_DATA_MAX = 64 * 1024;
const termCols = z.number().int().min(2).max(1000);
const termRows = z.number().int().min(1).max(500);
/** Counter sampling interval of a watch: 0 (no counters) or 100 ms to a minute. */
const watchIntervalMs = z.union([z.literal(0), z.number().int().min(100).max(60_000)]);

/** Requests: name → params and result. */
export const requests = {
  /** `revision` names the lab planned, for a later applyDelta or planDelta against it */
  plan: { params: z.object({ lab: LabData }), result: PlannedDto },
  /** plan the lab a delta makes of a revision this helper returned; code 'stale' when it no longer holds it */
  planDelta: { params: z.object({ delta: LabDelta }), result: PlannedDto },
  /** `revision` names the lab checked, for a later applyDelta against it */
  apply: { params: z.object({ lab: LabData, file: z.string().max(4096).optional() }), result: AppliedDto },
  /** apply the lab a delta makes of a revision this helper returned (shared/lab/delta.ts); code 'stale' when it no longer holds it */
  applyDelta: { params: z.object({ delta: LabDelta, file: z.string().max(4096).optional() }), result: AppliedDto },
  destroy: { params: z.object({ name: labName }), result: z.object({ removed: z.array(z.string()) }) },
  list: { params: z.object({}), result: z.object({ labs: z.array(LabSummary) }) },
  exec: {
    params: z.object({ name: labName, node: z.string().max(24), argv: z.array(z.string().max(4096)).min(1).max(64), timeoutMs: z.number().int().min(1).max(60_000).optional() }),
    result: z.object({ exitCode: z.number().int(), stdout: z.string(), stderr: z.string() }),
  },
  examples: { params: z.object({}), result: z.object({ examples: z.array(z.object({ id: z.string(), title: z.string(), text: z.string() })) }) },
  terminalOpen: { params: z.object({ lab: labName, node: z.string().max(24), cols: termCols, rows: termRows }), result: z.object({ id: TerminalId }) },
  terminalInput: { params: z.object({ id: TerminalId, data: z.string().max(TERMINAL_INPUT_MAX) }), result: z.object({}) },
  terminalResize: { params: z.object({ id: TerminalId, cols: termCols, rows: termRows }), result: z.object({}) },
  terminalClose: { params: z.object({ id: TerminalId }), result: z.object({}) },
  // Teaching (issue #5; schemas in ./teaching). checksRun always redacts hidden exercise checks.
  checksRun: { params: z.union([z.strictObject({ lab: LabData }), z.strictObject({ name: labName })]), result: CheckReportDto },
  matrix: { params: z.object({ name: labName }), result: MatrixDto },
  trace: { params: z.object({ name: labName, src: z.string().max(24), dst: z.string().min(1).max(64), probe: ProbeDto }), result: TraceResultDto },
  captureStart: { params: z.object({ name: labName, node: z.string().max(24), iface: z.string().min(1).max(15) }), result: CaptureInfoDto },
  captureStop: { params: z.object({ id: CaptureId }), result: CaptureInfoDto },
  /** running and recently finished captures; `wireshark`: a wireshark binary is on the helper's PATH */
  captureList: { params: z.object({}), result: z.object({ captures: z.array(CaptureInfoDto), wireshark: z.boolean() }) },
  /** a piece of a capture's pcap, base64 (read from `offset` until `done`) */
  captureRead: {
    params: z.object({ id: CaptureId, offset: z.number().int().nonnegative() }),
    result: z.object({ name: z.string(), size: z.number().int().nonnegative(), offset: z.number().int().nonnegative(), base64: z.string(), done: z.boolean() }),
  },
  /** open the pcap in Wireshark on the machine of the app (answered by the unprivileged host) */
  captureWireshark: { params: z.object({ id: CaptureId }), result: z.object({ opened: z.boolean(), file: z.string(), message: z.string().optional() }) },
  // Live kernel state (issue #4; schemas in ./live). The snapshot follows watchStart as a `live` event.
  watchStart: { params: z.object({ lab: labName, intervalMs: watchIntervalMs.optional() }), result: z.object({ watching: z.literal(true) }) },
  watchStop: { params: z.object({ lab: labName }), result: z.object({ watching: z.literal(false) }) },
  /** counter sampling interval of a watched lab (0 = no counters) */
  watchInterval: { params: z.object({ lab: labName, intervalMs: watchIntervalMs }), result: z.object({}) },
  /** every namespace of the machine, read-only */
  discover: { params: z.object({}), result: DiscoveryGraphDto },
  /** the running lab's file edited to describe the kernel (shared/lab/adopt.ts) */
  adopt: { params: z.object({ name: labName }), result: z.object({ lab: LabData, adopted: z.array(z.string()), skipped: z.array(z.string()) }) },
} as const;

/** Events: name → payload. Listeners get them in order; a subscription returns an unsubscribe. */
export const events = {
  progress: z.object({
    lab: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    op: PlannedOp.optional(),
    status: z.enum(['running', 'done', 'error']),
    error: z.string().optional(),
  }),
  helperStatus: z.object({ state: z.enum(['starting', 'ready', 'crashed', 'restarting']), message: z.string().optional() }),
  /** Output of a terminal, in order (coalesced by the helper). */
  terminalData: z.object({ id: TerminalId, data: z.string().max(TERMINAL_DATA_MAX) }),
  /** The terminal's shell ended (or was closed); `code` is its exit code, -1 when it had none. */
  terminalExit: z.object({ id: TerminalId, code: z.number().int(), signal: z.number().int().optional() }),
  /** Decoded packets of a live capture, coalesced per capture every 100 ms. */
  capturePacket: CapturePacketsDto,
  /** A capture stopped (asked to, or its interface or lab went away). */
  captureEnded: CaptureInfoDto,
  /** Live state of a watched lab: snapshot, diffs (seq), counters, drift, errors. */
  live: LiveEventDto,
} as const;

export type RequestName = keyof typeof requests;
export type Params<K extends RequestName> = z.infer<(typeof requests)[K]['params']>;
export type ResultOf<K extends RequestName> = z.infer<(typeof requests)[K]['result']>;
export type EventName = keyof typeof events;
export type EventOf<K extends EventName> = z.infer<(typeof events)[K]>;

/** Errors cross boundaries as values. */
export type Reply<T> = { ok: true; value: T } | { ok: false; code: string; message: string; issues?: z.infer<typeof IssueDto>[] };

/** What the renderer gets as `window.nslab` (Electron) or from the WebSocket client (browser mode). */
export interface NslabApi {
  invoke<K extends RequestName>(name: K, params: Params<K>): Promise<Reply<ResultOf<K>>>;
  on<K extends EventName>(name: K, listener: (payload: EventOf<K>) => void): () => void;
}

/** Wire frames (helper stdio and browser-mode WebSocket): JSON, one per line/message. */
export const RequestFrame = z.object({ id: z.number().int().nonnegative(), method: z.string().max(32), params: z.unknown() });
export const ReplyFrame = z.object({ id: z.number().int().nonnegative(), reply: z.unknown() });
export const EventFrame = z.object({ event: z.string().max(32), payload: z.unknown() });
