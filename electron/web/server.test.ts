import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { EventName, NslabApi } from '../../shared/protocol/api';
import { startWebServer, type WebServer } from './server';
import { cspFor } from './security';
import { resolveStatic } from './static';

let dir: string;
const servers: WebServer[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nslab-web-'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self' 'unsafe-inline'"><div id="root"></div>`);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-AbCdEf12.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'nslab-secret.txt'), 'secret');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function fakeApi() {
  const listeners = new Map<EventName, (p: unknown) => void>();
  const api = {
    invoke: vi.fn(async (name: string) => (name === 'list' ? { ok: true, value: { labs: [] } } : { ok: false, code: 'x', message: name })),
    on: vi.fn((name: EventName, l: (p: unknown) => void) => {
      listeners.set(name, l);
      return () => listeners.delete(name);
    }),
  };
  return { api: api as unknown as NslabApi, invoke: api.invoke, listeners };
}

async function start(api = fakeApi().api) {
  const s = await startWebServer({ api, staticDir: dir, token: 'T0ken_abc', log: () => {} });
  servers.push(s);
  return s;
}

function get(s: WebServer, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Open a WebSocket; resolves with how it went: open, closed with a code, or an HTTP refusal. */
function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  return new Promise<{ ws: WebSocket; outcome: 'open' | `close ${number}` | `http ${number}` }>((resolve) => {
    ws.on('open', () => {
      // A refused token arrives as an immediate close after the handshake.
      const t = setTimeout(() => resolve({ ws, outcome: 'open' }), 100);
      ws.on('close', (code) => {
        clearTimeout(t);
        resolve({ ws, outcome: `close ${code}` });
      });
    });
    ws.on('unexpected-response', (_req, res) => resolve({ ws, outcome: `http ${res.statusCode!}` }));
    ws.on('error', () => {});
  });
}

const wsUrl = (s: WebServer, token?: string) => `ws://127.0.0.1:${s.port}/api${token === undefined ? '' : `?token=${token}`}`;

describe('web server', () => {
  it('binds to 127.0.0.1 and prints an address with the token', async () => {
    const s = await start();
    expect(s.address.address).toBe('127.0.0.1');
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/?token=T0ken_abc`);
  });

  it('refuses to bind anywhere but loopback', async () => {
    await expect(startWebServer({ api: fakeApi().api, staticDir: dir, host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('makes a fresh random token per start', async () => {
    const a = await startWebServer({ api: fakeApi().api, staticDir: dir, log: () => {} });
    const b = await startWebServer({ api: fakeApi().api, staticDir: dir, log: () => {} });
    servers.push(a, b);
    expect(new URL(a.url).searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(a.url.split('token=')[1]).not.toBe(b.url.split('token=')[1]);
  });

  it('refuses a WebSocket without the token, or with a wrong one, before any request', async () => {
    const { api, invoke } = fakeApi();
    const s = await start(api);
    for (const url of [wsUrl(s), wsUrl(s, 'wrong'), wsUrl(s, ''), wsUrl(s, 'T0ken_ab')]) {
      const { ws, outcome } = await connect(url);
      expect(outcome).toBe('close 4401');
      ws.terminate();
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('refuses a foreign Origin and a foreign Host even with the right token', async () => {
    const s = await start();
    expect((await connect(wsUrl(s, 'T0ken_abc'), { Origin: 'http://evil.example' })).outcome).toBe('http 403');
    expect((await connect(wsUrl(s, 'T0ken_abc'), { Origin: `http://localhost:${s.port}` })).outcome).toBe('http 403');
    expect((await connect(wsUrl(s, 'T0ken_abc'), { Origin: 'null' })).outcome).toBe('http 403');
    expect((await connect(wsUrl(s, 'T0ken_abc'), { Host: `evil.example:${s.port}` })).outcome).toBe('http 421');
    expect((await get(s, '/', { Host: 'rebound.example' })).status).toBe(421);
  });

  it('round-trips list with the right token and our own Origin, and forwards events', async () => {
    const { api, invoke, listeners } = fakeApi();
    const s = await start(api);
    const { ws, outcome } = await connect(wsUrl(s, 'T0ken_abc'), { Origin: s.origin });
    expect(outcome).toBe('open');
    const frames: unknown[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ id: 1, method: 'list', params: {} }));
    ws.send(JSON.stringify({ id: 2, method: 'destroy', params: { name: 'NOT valid' } }));
    ws.send(JSON.stringify({ id: 3, method: 'shell', params: {} }));
    ws.send('garbage');
    await vi.waitFor(() => expect(frames).toHaveLength(3));
    expect(frames).toContainEqual({ id: 1, reply: { ok: true, value: { labs: [] } } });
    expect(frames).toContainEqual({ id: 2, reply: expect.objectContaining({ ok: false, code: 'invalid-params' }) });
    expect(frames).toContainEqual({ id: 3, reply: expect.objectContaining({ ok: false, code: 'unknown-method' }) });
    expect(invoke).toHaveBeenCalledTimes(1);
    listeners.get('progress')!({ lab: 'a', done: 1, total: 2, status: 'running' });
    await vi.waitFor(() => expect(frames).toHaveLength(4));
    expect(frames[3]).toEqual({ event: 'progress', payload: { lab: 'a', done: 1, total: 2, status: 'running' } });
    ws.close();
    await vi.waitFor(() => expect(listeners.size).toBe(0)); // unsubscribed
  });

  it('closes a connection that sends binary frames', async () => {
    const s = await start();
    const { ws } = await connect(wsUrl(s, 'T0ken_abc'));
    const code = await new Promise((r) => {
      ws.on('close', (c) => r(c));
      ws.send(Buffer.from([1, 2, 3]));
    });
    expect(code).toBe(1003);
  });

  it('serves the page with security headers, no CORS, and index.html uncached', async () => {
    const s = await start();
    const r = await get(s, '/?token=T0ken_abc', { Origin: 'http://evil.example' });
    expect(r.status).toBe(403); // a cross-origin fetch is refused, not just un-CORSed
    const page = await get(s, '/?token=T0ken_abc');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toBe(cspFor(page.body, s.origin));
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    const asset = await get(s, '/assets/index-AbCdEf12.js');
    expect(asset.headers['content-type']).toContain('text/javascript');
    for (const res of [page, asset, await get(s, '/missing'), await get(s, '/api')]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    expect((await get(s, '/api')).status).toBe(401);
  });

  it('does not serve files outside its directory', async () => {
    const s = await start();
    for (const p of ['/../nslab-secret.txt', '/%2e%2e/nslab-secret.txt', '/assets/..%2f..%2fnslab-secret.txt', '/%00']) {
      const r = await get(s, p);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('secret');
    }
    expect(resolveStatic('/srv/app', '/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStatic('/srv/app', '/')).toBe('/srv/app/index.html');
  });
});

describe('cspFor', () => {
  it('adds our WebSocket origin and frame-ancestors to the page CSP', () => {
    expect(cspFor(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; connect-src 'self'">`, 'http://127.0.0.1:5')).toBe(
      "default-src 'self'; connect-src 'self' ws://127.0.0.1:5; frame-ancestors 'none'",
    );
    expect(cspFor(null, 'http://127.0.0.1:5')).toContain("script-src 'self'");
  });
});
