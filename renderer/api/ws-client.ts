/**
 * Browser mode: the NslabApi over a WebSocket to the server that serves the page
 * (`ws(s)://<host>/api?token=…`). Frames are those of shared/protocol/api.ts; every reply and
 * event is validated on arrival. Reconnects with backoff; requests made while disconnected fail
 * at once as values (`{ ok: false, code: 'disconnected' }`), never by throwing.
 */
import { checkReply } from './check-reply';
import { EventFrame, ReplyFrame, events, type EventName, type EventOf, type NslabApi, type Params, type Reply, type RequestName, type ResultOf } from '../../shared/protocol/api';
import type { Connection } from '../store/types';

interface Pending { name: RequestName; resolve: (r: Reply<unknown>) => void; timer: ReturnType<typeof setTimeout> }

/** A request that gets no reply in this long fails (apply of a big lab can take a while). */
const REQUEST_TIMEOUT_MS = 10 * 60_000;

export function createWsClient(url: string, onConnection: (c: Connection) => void): NslabApi {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let retry = 0;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const failAll = (message: string) => {
    for (const [id, p] of pending) { clearTimeout(p.timer); p.resolve({ ok: false, code: 'disconnected', message }); pending.delete(id); }
  };

  const open = () => {
    onConnection({ state: 'connecting' });
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => { retry = 0; onConnection({ state: 'connected' }); };
    sock.onclose = (e) => {
      ws = null;
      failAll('the connection to the nslab server was lost');
      const message = e.code === 1008 || e.code === 4401 ? 'the server refused the token' : 'no connection to the nslab server';
      onConnection({ state: 'disconnected', message });
      retry = Math.min(retry + 1, 6);
      setTimeout(open, 500 * 2 ** retry);
    };
    sock.onmessage = (e) => handle(typeof e.data === 'string' ? e.data : '');
  };

  const handle = (text: string) => {
    let data: unknown;
    try { data = JSON.parse(text); } catch { return; }
    const reply = ReplyFrame.safeParse(data);
    if (reply.success && 'reply' in (data as object)) {
      const p = pending.get(reply.data.id);
      if (!p) return;
      pending.delete(reply.data.id);
      clearTimeout(p.timer);
      p.resolve(checkReply(p.name, reply.data.reply));
      return;
    }
    const ev = EventFrame.safeParse(data);
    if (!ev.success || !(ev.data.event in events)) return;
    const name = ev.data.event as EventName;
    const payload = events[name].safeParse(ev.data.payload);
    if (!payload.success) { console.warn(`nslab: dropped an invalid "${name}" event`, payload.error.issues); return; }
    for (const l of listeners.get(name) ?? []) l(payload.data);
  };

  open();

  return {
    invoke<K extends RequestName>(name: K, params: Params<K>): Promise<Reply<ResultOf<K>>> {
      return new Promise((resolve) => {
        if (!ws || ws.readyState !== WebSocket.OPEN) {
          resolve({ ok: false, code: 'disconnected', message: 'not connected to the nslab server' });
          return;
        }
        const id = nextId++;
        const timer = setTimeout(() => { pending.delete(id); resolve({ ok: false, code: 'timeout', message: `${name} got no reply` }); }, REQUEST_TIMEOUT_MS);
        pending.set(id, { name, resolve: resolve as (r: Reply<unknown>) => void, timer });
        ws.send(JSON.stringify({ id, method: name, params }));
      });
    },
    on<K extends EventName>(name: K, listener: (payload: EventOf<K>) => void): () => void {
      if (!listeners.has(name)) listeners.set(name, new Set());
      const set = listeners.get(name)!;
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}

