/**
 * One client's view of the terminals. The helper is shared (every browser tab of `npm run web`
 * talks to the same one), so a client may only type into, resize, close and read the terminals
 * it opened itself: requests naming another id are refused as if it did not exist, and other
 * clients' output never reaches it. When the client goes away its terminals are closed, and when
 * the helper crashes (taking the shells with it) the client is told each one ended.
 */
import type { EventName, EventOf, NslabApi, Params, Reply, RequestName, ResultOf } from '../../shared/protocol/api';
import { fail } from '../common/wire';

export interface ScopedApi extends NslabApi {
  /** Close this client's terminals and stop listening. */
  close(): Promise<void>;
  /** Terminal ids this client owns. */
  owned(): string[];
}

type TerminalEvent = 'terminalData' | 'terminalExit';
const isTerminalEvent = (n: EventName): n is TerminalEvent => n === 'terminalData' || n === 'terminalExit';
const ID_REQUESTS = new Set<RequestName>(['terminalInput', 'terminalResize', 'terminalClose']);

export function scopeTerminals(api: NslabApi, log: (m: string) => void = () => {}): ScopedApi {
  const owned = new Set<string>();
  // A shell's first output can reach us before the reply that names its id has finished its way
  // through the awaits below (both come from the helper, often in one read): keep output for ids
  // not (yet) ours briefly, bounded, and hand it over if the id becomes ours. Ids that never do
  // (another client's) are dropped when they age out.
  const early = new Map<string, { at: number; bytes: number; events: EventOf<'terminalData'>[] }>();
  const EARLY_MS = 10_000, EARLY_BYTES = 256 * 1024, EARLY_IDS = 64;
  const keepEarly = (p: EventOf<'terminalData'>) => {
    const now = Date.now();
    for (const [id, e] of early) if (now - e.at > EARLY_MS) early.delete(id);
    let e = early.get(p.id);
    if (!e) {
      if (early.size >= EARLY_IDS) return;
      e = { at: now, bytes: 0, events: [] };
      early.set(p.id, e);
    }
    if (e.bytes + p.data.length > EARLY_BYTES) return;
    e.bytes += p.data.length;
    e.events.push(p);
  };
  const local = { terminalData: new Set<(p: EventOf<'terminalData'>) => void>(), terminalExit: new Set<(p: EventOf<'terminalExit'>) => void>() };
  let closed = false;

  const deliver = <E extends TerminalEvent>(event: E, payload: EventOf<E>) => {
    for (const l of local[event] as Set<(p: EventOf<E>) => void>) {
      try {
        l(payload);
      } catch (e) {
        log(`terminal-scope: a ${event} listener threw: ${(e as Error).message}`);
      }
    }
  };
  const offs = [
    api.on('terminalData', (p) => {
      if (owned.has(p.id)) deliver('terminalData', p);
      else if (!closed) keepEarly(p);
    }),
    api.on('terminalExit', (p) => {
      if (!owned.delete(p.id)) return;
      deliver('terminalExit', p);
    }),
    api.on('helperStatus', (s) => {
      if (s.state !== 'crashed') return;
      // The helper's ptys died with it; say so, so no tab waits on a shell that is gone.
      for (const id of [...owned]) {
        owned.delete(id);
        deliver('terminalExit', { id, code: -1 });
      }
    }),
  ];

  return {
    async invoke<K extends RequestName>(name: K, params: Params<K>): Promise<Reply<ResultOf<K>>> {
      if (ID_REQUESTS.has(name)) {
        const id = (params as { id?: unknown }).id;
        if (typeof id !== 'string' || !owned.has(id)) return fail('not-found', 'no such terminal (it was closed, or its shell exited)');
      }
      if (name === 'terminalOpen' && closed) return fail('helper-unavailable', 'this connection is closing');
      const reply = await api.invoke(name, params);
      if (name === 'terminalOpen' && reply.ok) {
        const { id } = reply.value as ResultOf<'terminalOpen'>;
        if (closed) {
          // The client went away while its terminal was starting.
          void api.invoke('terminalClose', { id });
          return fail('helper-unavailable', 'this connection is closing');
        }
        owned.add(id);
        const pending = early.get(id);
        early.delete(id);
        for (const p of pending?.events ?? []) deliver('terminalData', p);
      }
      if (name === 'terminalClose' && reply.ok) owned.delete((params as Params<'terminalClose'>).id);
      return reply;
    },
    on<K extends EventName>(name: K, listener: (payload: EventOf<K>) => void): () => void {
      if (!isTerminalEvent(name)) return api.on(name, listener);
      const set = local[name] as Set<(p: EventOf<K>) => void>;
      set.add(listener);
      return () => void set.delete(listener);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const ids = [...owned];
      owned.clear();
      offs.forEach((off) => off());
      local.terminalData.clear();
      local.terminalExit.clear();
      await Promise.all(ids.map((id) => api.invoke('terminalClose', { id }).then((r) => {
        if (!r.ok && r.code !== 'not-found') log(`terminal-scope: closing a terminal failed: ${r.message}`);
      })));
    },
    owned: () => [...owned],
  };
}
