/** Validation of replies on arrival (ARCHITECTURE.md: every message crossing a boundary is checked). */
import { requests, type Reply, type RequestName } from '../../shared/protocol/api';

/** A reply is `{ ok: true, value }` with a value matching the request's result schema, or an error value. */
export function checkReply(name: RequestName, reply: unknown): Reply<unknown> {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return { ok: false, code: 'protocol', message: `malformed reply to ${name}` };
  const r = reply as Record<string, unknown>;
  if (r.ok === true) {
    const value = requests[name].result.safeParse(r.value);
    return value.success ? { ok: true, value: value.data } : { ok: false, code: 'protocol', message: `invalid reply to ${name}: ${value.error.issues[0]?.message ?? ''}` };
  }
  const issues = Array.isArray(r.issues) ? (r.issues as { path: string; message: string }[]) : undefined;
  return { ok: false, code: String(r.code ?? 'error'), message: String(r.message ?? 'failed'), ...(issues ? { issues } : {}) };
}
