// Browser mode under hostile frames (fast-check): random text and near-valid requests through a
// real server on 127.0.0.1 with a fake backend. The connection survives text it cannot read,
// every frame with a readable id is answered once, and the backend only ever sees checked params.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests, type EventName, type NslabApi, type RequestName } from '../../shared/protocol/api';
import { startWebServer, type WebServer } from './server';

const calls: { name: RequestName; params: unknown }[] = [];
const api: NslabApi = {
  invoke: (async (name: RequestName, params: unknown) => {
    calls.push({ name, params });
    return { ok: false, code: 'fake', message: 'fake backend' };
  }) as NslabApi['invoke'],
  on: (_n: EventName) => () => {},
};

let server: WebServer;
let ws: WebSocket;
const replies = new Map<number, unknown[]>();
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nslab-wsprop-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  server = await startWebServer({ api, staticDir: dir, token: 'tok', log: () => {} });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=tok`, { headers: { Origin: server.origin } });
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { id?: number; reply?: unknown };
    if (typeof f.id === 'number') replies.set(f.id, [...(replies.get(f.id) ?? []), f.reply]);
  });
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
});
afterAll(async () => {
  ws?.close();
  await server?.close();
});

async function probe(id: number): Promise<void> {
  ws.send(JSON.stringify({ id, method: 'list', params: {} }));
  for (let t = 0; t < 400 && !replies.has(id); t++) await new Promise((r) => setTimeout(r, 5));
  expect(replies.has(id), 'the connection still answers').toBe(true);
}

describe('browser WebSocket bridge under hostile frames (properties)', () => {
  it('random text frames: the connection stays open and answers', async () => {
    let p = 1_000_000;
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))), async (text) => {
      ws.send(text);
      await probe(p++);
    }), { numRuns: 150 });
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('near-valid requests: one reply per readable id, and only contract-valid params reach the backend', async () => {
    let id = 1;
    const method = fc.constantFrom<string>(...Object.keys(requests), 'toString', '__proto__', 'constructor');
    const params = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ name: fc.oneof(fc.constantFrom('lab', '../etc', 'x'.repeat(3000)), fc.string()), node: fc.string({ maxLength: 30 }), argv: fc.array(fc.string({ maxLength: 8 }), { maxLength: 70 }) }, { requiredKeys: [] }),
      fc.record({ lab: fc.jsonValue({ maxDepth: 2 }), file: fc.oneof(fc.string(), fc.constant('f'.repeat(5000))) }, { requiredKeys: [] }),
    );
    await fc.assert(fc.asyncProperty(method, params, async (m, pr) => {
      const myId = id++;
      ws.send(JSON.stringify({ id: myId, method: m, params: pr }));
      await probe(2_000_000 + myId);
      expect(replies.get(myId)).toHaveLength(1);
      expect(replies.get(myId)![0]).toMatchObject({ ok: false, code: expect.any(String), message: expect.any(String) });
    }), { numRuns: 200 });
    for (const c of calls) expect(requests[c.name].params.safeParse(c.params).success, JSON.stringify(c).slice(0, 200)).toBe(true);
  });

  it('a binary frame closes only that connection (text frames only); the server keeps serving others', async () => {
    const other = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=tok`, { headers: { Origin: server.origin } });
    await new Promise((r) => other.once('open', r));
    const closed = new Promise<number>((r) => other.once('close', (code) => r(code)));
    other.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    expect(await closed).toBe(1003);
    await probe(9_999_999);
  });
});
