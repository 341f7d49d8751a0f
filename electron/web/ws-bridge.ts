/**
 * One browser connection: request frames in (each checked against the contract on arrival),
 * replies and every contract event out. The connection is authenticated before it gets here.
 */
import type { WebSocket } from 'ws';
import type { NslabApi, Reply } from '../../shared/protocol/api';
import { MAX_FRAME_BYTES, eventLine, eventNames, fail, parseRequestFrame, replyLine } from '../common/wire';
import { scopeTerminals } from '../host/terminal-scope';
import { scopeWatches } from '../host/watch-scope';

/** More than this many unanswered requests from one page is a runaway page, not a user. */
const MAX_IN_FLIGHT = 64;

export function bridge(ws: WebSocket, api: NslabApi, log: (m: string) => void): void {
  let inFlight = 0;
  const send = (text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  };
  // This connection sees and drives only the terminals it opened; they close when it does.
  // Likewise its watches: live events of the labs it watches; a closed tab stops watching.
  const watches = scopeWatches(api, log);
  const scoped = scopeTerminals(watches, log);
  const offs = eventNames.map((name) => scoped.on(name, (payload) => send(eventLine(name, payload))));
  ws.on('close', () => {
    offs.forEach((off) => off());
    void scoped.close();
    void watches.close();
  });
  ws.on('error', (e) => log(`web: websocket error: ${e.message}`));

  ws.on('message', (data, isBinary) => {
    if (isBinary) return ws.close(1003, 'text frames only');
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    if (text.length > MAX_FRAME_BYTES) return ws.close(1009, 'frame too large');
    const frame = parseRequestFrame(text);
    if ('error' in frame) {
      if (frame.id !== null) send(replyLine(frame.id, frame.error));
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) return send(replyLine(frame.id, fail('busy-connection', `more than ${MAX_IN_FLIGHT} requests in flight`)));
    inFlight++;
    const { method, params } = frame.request;
    (scoped.invoke(method, params as never) as Promise<Reply<unknown>>)
      .catch((e: unknown) => {
        log(`web: ${method} threw: ${(e as Error)?.message}`);
        return fail('internal', 'internal error in the server');
      })
      .then((reply) => {
        inFlight--;
        send(replyLine(frame.id, reply));
      });
  });
}
