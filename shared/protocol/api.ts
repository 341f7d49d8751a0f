/**
 * The one contract between the renderer and whatever serves it (Electron main through the preload,
 * or the browser-mode WebSocket server), and between main and the privileged helper. Every message
 * that crosses a process boundary is checked against these schemas on arrival (ARCHITECTURE.md).
 * Channel names are derived from the keys here; nobody types a channel string by hand.
 */
import { z } from 'zod';
import { LAB_NAME } from '../net/names';

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

/** Requests: name → params and result. */
export const requests = {
  plan: { params: z.object({ lab: LabData }), result: z.object({ ops: z.array(PlannedOp) }) },
  apply: { params: z.object({ lab: LabData, file: z.string().max(4096).optional() }), result: z.object({ ops: z.array(PlannedOp), applied: z.number().int() }) },
  destroy: { params: z.object({ name: labName }), result: z.object({ removed: z.array(z.string()) }) },
  list: { params: z.object({}), result: z.object({ labs: z.array(LabSummary) }) },
  exec: {
    params: z.object({ name: labName, node: z.string().max(24), argv: z.array(z.string().max(4096)).min(1).max(64), timeoutMs: z.number().int().min(1).max(60_000).optional() }),
    result: z.object({ exitCode: z.number().int(), stdout: z.string(), stderr: z.string() }),
  },
  examples: { params: z.object({}), result: z.object({ examples: z.array(z.object({ id: z.string(), title: z.string(), text: z.string() })) }) },
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
