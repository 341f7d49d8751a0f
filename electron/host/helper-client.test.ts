import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HelperClient, type HelperClientOptions } from './helper-client';
import type { EventOf } from '../../shared/protocol/api';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const fake = fileURLToPath(new URL('./testdata/fake-helper.ts', import.meta.url));
const clients: HelperClient[] = [];

function client(env: Record<string, string> = {}, opts: Partial<HelperClientOptions> = {}) {
  const logs: string[] = [];
  const c = new HelperClient({
    launch: { command: process.execPath, args: ['--import', tsx, fake], env, viaPkexec: false },
    restartDelayMs: 10,
    log: (l) => logs.push(l),
    ...opts,
  });
  const statuses: EventOf<'helperStatus'>[] = [];
  c.on('helperStatus', (s) => statuses.push(s));
  clients.push(c);
  return { c, statuses, logs };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('HelperClient', () => {
  it('starts the helper, reports ready and round-trips a request', async () => {
    const { c, statuses } = client();
    expect(await c.invoke('list', {})).toEqual({ ok: true, value: { labs: [] } });
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready']);
    expect(c.state).toBe('ready');
  });

  it('passes error replies through as values', async () => {
    const { c } = client();
    expect(await c.invoke('destroy', { name: 'nope' })).toEqual({ ok: false, code: 'not-found', message: 'no lab nope' });
  });

  it('refuses invalid params locally, without a round trip', async () => {
    const { c } = client();
    const r = await c.invoke('destroy', { name: 'Not A Lab' });
    expect(r).toMatchObject({ ok: false, code: 'invalid-params' });
    expect(await c.invoke('nope' as 'list', {})).toMatchObject({ ok: false, code: 'unknown-method' });
    expect(c.state).toBe('stopped'); // nothing was started for them
  });

  it('rejects a reply that does not match the contract', async () => {
    const { c, logs } = client();
    const r = await c.invoke('destroy', { name: 'bad' });
    expect(r).toMatchObject({ ok: false, code: 'bad-reply' });
    expect(logs.some((l) => l.includes('does not match'))).toBe(true);
  });

  it('ignores lines that are not frames and keeps going', async () => {
    const { c, logs } = client();
    expect(await c.invoke('destroy', { name: 'garbage' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(logs.some((l) => l.includes('not a frame'))).toBe(true);
  });

  it('times out a request the helper never answers, and the helper stays usable', async () => {
    const { c } = client({}, { timeoutsMs: { destroy: 150 } });
    expect(await c.invoke('destroy', { name: 'hang' })).toMatchObject({ ok: false, code: 'timeout' });
    expect(await c.invoke('list', {})).toMatchObject({ ok: true });
  });

  it('delivers valid events and drops off-contract ones', async () => {
    const { c, logs } = client();
    const progress: EventOf<'progress'>[] = [];
    const off = c.on('progress', (p) => progress.push(p));
    await c.invoke('apply', { lab: { name: 'a' } });
    expect(progress).toEqual([{ lab: 'a', done: 1, total: 1, status: 'done' }]);
    expect(logs.some((l) => l.includes('event that does not match'))).toBe(true);
    off();
    await c.invoke('apply', { lab: { name: 'a' } });
    expect(progress).toHaveLength(1);
  });

  it('fails the running request when the helper crashes, reports it and restarts', async () => {
    const { c, statuses } = client();
    const before = await c.invoke('exec', { name: 'a', node: 'h1', argv: ['true'] });
    const r = await c.invoke('destroy', { name: 'crash' });
    expect(r).toMatchObject({ ok: false, code: 'helper-crashed', message: expect.stringContaining('code 3') });
    await vi.waitFor(() => expect(c.state).toBe('ready'), { timeout: 10_000 });
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready', 'crashed', 'restarting', 'ready']);
    const after = await c.invoke('exec', { name: 'a', node: 'h1', argv: ['true'] });
    expect(before.ok && after.ok && before.value.stdout !== after.value.stdout).toBe(true);
  });

  it('a helper killed by a signal fails every request in flight, names the signal, restarts, and subscriptions survive', async () => {
    const { c, statuses } = client();
    const progress: EventOf<'progress'>[] = [];
    c.on('progress', (p) => progress.push(p));
    const first = await c.invoke('exec', { name: 'a', node: 'h1', argv: ['true'] });
    const pid = first.ok ? Number(first.value.stdout) : NaN;
    const hanging = [c.invoke('destroy', { name: 'hang' }), c.invoke('destroy', { name: 'hang' }), c.invoke('list', { })];
    await vi.waitFor(async () => expect((await hanging[2]!).ok).toBe(true));
    process.kill(pid, 'SIGKILL');
    const [a, b] = await Promise.all(hanging.slice(0, 2));
    for (const r of [a, b]) expect(r).toMatchObject({ ok: false, code: 'helper-crashed', message: expect.stringContaining('SIGKILL') });
    expect(statuses.find((s) => s.state === 'crashed')?.message).toContain('SIGKILL');
    await vi.waitFor(() => expect(c.state).toBe('ready'), { timeout: 10_000 });
    // the listener registered before the crash still hears the new helper's events
    await c.invoke('apply', { lab: { name: 'a' } });
    expect(progress).toEqual([{ lab: 'a', done: 1, total: 1, status: 'done' }]);
    const second = await c.invoke('exec', { name: 'a', node: 'h1', argv: ['true'] });
    expect(second.ok && Number(second.value.stdout) !== pid).toBe(true);
  });

  it('gives up after too many restarts, then tries again on the next request', async () => {
    const { c, statuses } = client({ FAKE_MODE: 'die-on-start' }, { maxRestarts: 2 });
    expect(await c.invoke('list', {})).toMatchObject({ ok: false, code: 'helper-crashed' });
    await vi.waitFor(() => expect(statuses.at(-1)?.message ?? '').toContain('gave up after 2 restarts'), { timeout: 10_000 });
    expect(statuses.filter((s) => s.state === 'restarting')).toHaveLength(2);
    const n = statuses.length;
    expect(await c.invoke('list', {})).toMatchObject({ ok: false, code: 'helper-crashed' });
    expect(statuses.length).toBeGreaterThan(n);
  });

  it('reports a helper that cannot be started, without a restart loop', async () => {
    const c = new HelperClient({ launch: { command: '/nonexistent/nslab-helper', args: [], viaPkexec: false }, log: () => {} });
    clients.push(c);
    const statuses: string[] = [];
    c.on('helperStatus', (s) => statuses.push(s.state));
    expect(await c.invoke('list', {})).toMatchObject({ ok: false, code: 'helper-unavailable', message: expect.stringContaining('ENOENT') });
    await new Promise((r) => setTimeout(r, 50));
    expect(statuses).toEqual(['starting', 'crashed']);
  });

  it('treats pkexec exit 126 as refused authorization and does not restart', async () => {
    const c = new HelperClient({ launch: { command: process.execPath, args: ['-e', 'process.exit(126)'], viaPkexec: true }, log: () => {}, restartDelayMs: 10 });
    clients.push(c);
    const statuses: EventOf<'helperStatus'>[] = [];
    c.on('helperStatus', (s) => statuses.push(s));
    expect(await c.invoke('list', {})).toMatchObject({ ok: false, code: 'helper-crashed' });
    await new Promise((r) => setTimeout(r, 50));
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'crashed']);
    expect(statuses[1]!.message).toContain('authorization');
  });

  it('fails requests when the helper never becomes ready', async () => {
    const { c } = client({ FAKE_SILENT: '1' }, { startTimeoutMs: 1500 });
    expect(await c.invoke('list', {})).toMatchObject({ ok: false, code: 'helper-unavailable' });
  });

  it('close() ends the helper through its stdin and stops restarting', async () => {
    const { c, statuses } = client();
    await c.invoke('list', {});
    await c.close();
    expect(c.state).toBe('stopped');
    expect(statuses.map((s) => s.state)).not.toContain('crashed');
    expect(await c.invoke('list', {})).toMatchObject({ ok: false, code: 'helper-unavailable' });
  });
});
