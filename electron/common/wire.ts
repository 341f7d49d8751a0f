/**
 * Frame checks shared by every process boundary we own (helper stdio, browser WebSocket, Electron
 * IPC). One place turns untrusted text into a typed request, so all three refuse the same things
 * the same way, and nothing invalid ever reaches the engine.
 */
import { z } from 'zod';
import { requests, events, RequestFrame, ReplyFrame, EventFrame, IssueDto } from '../../shared/protocol/api';
import type { RequestName, EventName, Params, ResultOf, EventOf, Reply } from '../../shared/protocol/api';

/** The largest frame (one JSON line / one WebSocket message) anyone accepts. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/** Codes for failures of the transport itself (the engine has its own: EngineError codes). */
export type WireErrorCode =
  | 'bad-frame' | 'unknown-method' | 'invalid-params' | 'too-large' | 'busy-connection'
  | 'forbidden' | 'internal' | 'timeout' | 'helper-unavailable' | 'helper-crashed' | 'bad-reply';

export type Issue = z.infer<typeof IssueDto>;
export type Failure = Extract<Reply<never>, { ok: false }>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];
// Object.hasOwn, not `in`: "toString" must not count as a method name.
export const isRequestName = (s: unknown): s is RequestName => typeof s === 'string' && Object.hasOwn(requests, s);
export const isEventName = (s: unknown): s is EventName => typeof s === 'string' && Object.hasOwn(events, s);

export function fail(code: WireErrorCode | string, message: string, issues?: Issue[]): Failure {
  return issues && issues.length ? { ok: false, code, message, issues } : { ok: false, code, message };
}

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** A request whose method and params have been checked against the contract. */
export type CheckedRequest = { [K in RequestName]: { method: K; params: Params<K> } }[RequestName];

/** Check a method name and its params; the result is either a typed request or the error reply. */
export function checkRequest(method: unknown, params: unknown): { ok: true; request: CheckedRequest } | Failure {
  if (!isRequestName(method)) return fail('unknown-method', `unknown method ${JSON.stringify(String(method).slice(0, 32))}`);
  const parsed = requests[method].params.safeParse(params);
  if (!parsed.success) return fail('invalid-params', `invalid params for ${method}`, zodIssues(parsed.error));
  return { ok: true, request: { method, params: parsed.data } as CheckedRequest };
}

/**
 * Parse one frame of text into a checked request. When the frame is bad but its id can be read,
 * the id comes back too so the sender gets an error reply instead of waiting for a timeout.
 */
export function parseRequestFrame(text: string): { id: number; request: CheckedRequest } | { id: number | null; error: Failure } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { id: peekId(text), error: fail('bad-frame', 'frame is not valid JSON') };
  }
  const frame = RequestFrame.safeParse(json);
  if (!frame.success) {
    const id = RequestFrame.shape.id.safeParse((json as { id?: unknown } | null)?.id);
    return { id: id.success ? id.data : null, error: fail('bad-frame', 'not a request frame', zodIssues(frame.error)) };
  }
  const checked = checkRequest(frame.data.method, frame.data.params);
  if (!checked.ok) return { id: frame.data.id, error: checked };
  return { id: frame.data.id, request: checked.request };
}

/**
 * Best-effort id of a frame we could not parse (or would not read, being too large). Our own
 * senders serialise `{"id":N,...}` first, so the prefix is enough.
 */
export function peekId(prefix: string): number | null {
  const m = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(prefix.slice(0, 64));
  return m ? Number(m[1]) : null;
}

const failureSchema = z.object({
  ok: z.literal(false),
  code: z.string().min(1).max(64),
  message: z.string().max(64 * 1024),
  issues: z.array(IssueDto).max(1000).optional(),
});
const replySchemas = new Map<RequestName, z.ZodType>(
  requestNames.map((name) => [name, z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: requests[name].result }), failureSchema])]),
);

/** Check a reply against the contract for the request it answers; a bad one becomes a `bad-reply` failure. */
export function checkReply<K extends RequestName>(name: K, reply: unknown): Reply<ResultOf<K>> {
  const parsed = replySchemas.get(name)!.safeParse(reply);
  if (!parsed.success) return fail('bad-reply', `the helper's reply to ${name} does not match the contract`, zodIssues(parsed.error));
  return parsed.data as Reply<ResultOf<K>>;
}

export type CheckedEvent = { [E in EventName]: { event: E; payload: EventOf<E> } }[EventName];

export function checkEvent(event: unknown, payload: unknown): CheckedEvent | null {
  if (!isEventName(event)) return null;
  const parsed = events[event].safeParse(payload);
  return parsed.success ? ({ event, payload: parsed.data } as CheckedEvent) : null;
}

/** A line from a peer that speaks frames: either a reply or an event, checked for shape only. */
export function parseIncoming(text: string): { kind: 'reply'; id: number; reply: unknown } | { kind: 'event'; event: unknown; payload: unknown } | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const reply = ReplyFrame.safeParse(json);
  if (reply.success && 'reply' in (json as object)) return { kind: 'reply', id: reply.data.id, reply: reply.data.reply };
  const ev = EventFrame.safeParse(json);
  if (ev.success && 'payload' in (json as object)) return { kind: 'event', event: ev.data.event, payload: ev.data.payload };
  return null;
}

/** Serialise a frame. `id` goes first so `peekId` can find it even in a frame too large to parse. */
export const requestLine = (id: number, method: string, params: unknown): string => JSON.stringify({ id, method, params });
export const replyLine = (id: number, reply: Reply<unknown>): string => JSON.stringify({ id, reply });
export const eventLine = (event: string, payload: unknown): string => JSON.stringify({ event, payload });
