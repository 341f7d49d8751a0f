// Root: the real web server in front of the real helper (tsx, as root), `list` over a real WebSocket.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describeRoot } from '../../testing/root';
import { createBackend, type Backend } from '../host/backend';
import { defaultExamplesDir } from '../host/examples';
import { HelperClient } from '../host/helper-client';
import { defaultHelperLaunch } from '../host/helper-launch';
import { startWebServer, type WebServer } from './server';

describeRoot('web server with the real helper', () => {
  let server: WebServer;
  let backend: Backend;
  const statuses: string[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nslab-web-int-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>nslab</title>');
    const helper = new HelperClient({ launch: defaultHelperLaunch, log: () => {} });
    helper.on('helperStatus', (s) => statuses.push(s.state));
    backend = createBackend({ helper, examplesDir: defaultExamplesDir() });
    server = await startWebServer({ api: backend, staticDir: dir, log: () => {} });
  });

  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  it('answers list and examples over a WebSocket from our own origin', async () => {
    expect(defaultHelperLaunch().viaPkexec).toBe(false); // root: started directly
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${new URL(server.url).searchParams.get('token')}`, { headers: { Origin: server.origin } });
    const replies = new Map<number, { ok: boolean; value?: Record<string, unknown> }>();
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => {
        ws.send(JSON.stringify({ id: 1, method: 'list', params: {} }));
        ws.send(JSON.stringify({ id: 2, method: 'examples', params: {} }));
      });
      ws.on('message', (d) => {
        const f = JSON.parse(d.toString()) as { id?: number; reply?: { ok: boolean } };
        if (f.id !== undefined) replies.set(f.id, f.reply!);
        if (replies.size === 2) resolve();
      });
      ws.on('error', reject);
    });
    ws.close();
    expect(replies.get(1)).toMatchObject({ ok: true, value: { labs: expect.any(Array) } });
    expect((replies.get(2)!.value!.examples as unknown[]).length).toBeGreaterThan(0);
    expect(statuses).toContain('ready');
  });
});
