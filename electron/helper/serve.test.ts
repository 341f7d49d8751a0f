import { describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { serve, type HandlerTable } from './serve';
import { fail } from '../common/wire';

function harness(handlers: HandlerTable, maxLineBytes?: number) {
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: unknown[] = [];
  let buf = '';
  output.on('data', (c: Buffer) => {
    buf += c.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  const logs: string[] = [];
  const server = serve({ input, output, handlers, maxLineBytes, log: (m) => logs.push(m), errorToReply: (e) => fail('kernel', (e as Error).message) });
  const send = (s: string) => input.write(s.endsWith('\n') ? s : `${s}\n`);
  const waitFor = async (n: number) => {
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(n));
    return lines;
  };
  return { input, server, send, waitFor, lines, logs };
}

const listOk = () => Promise.resolve({ labs: [] });

describe('serve', () => {
  it('answers a valid request through its handler', async () => {
    const list = vi.fn(listOk);
    const h = harness({ list });
    h.send(JSON.stringify({ id: 7, method: 'list', params: {} }));
    expect(await h.waitFor(1)).toEqual([{ id: 7, reply: { ok: true, value: { labs: [] } } }]);
    expect(list).toHaveBeenCalledWith({}, expect.anything());
  });

  it('refuses invalid JSON, non-frames, unknown methods and bad params without calling anything', async () => {
    const destroy = vi.fn(async () => ({ removed: [] }));
    const list = vi.fn(listOk);
    const h = harness({ destroy, list });
    h.send('{not json');
    h.send('{"id":3,"method":"list"'); // truncated: id still readable
    h.send(JSON.stringify({ id: -1, method: 'list', params: {} }));
    h.send(JSON.stringify({ id: 4, method: 'rm -rf', params: {} }));
    h.send(JSON.stringify({ id: 5, method: 'toString', params: {} }));
    h.send(JSON.stringify({ id: 6, method: 'destroy', params: { name: '../etc' } }));
    h.send(JSON.stringify({ id: 8, method: 'destroy', params: {} }));
    h.send('[1,2,3]');
    h.send('null');
    h.send(JSON.stringify({ id: 9, method: 'list', params: {} }));
    const out = (await h.waitFor(6)) as { id: number; reply: { ok: boolean; code?: string } }[];
    await new Promise((r) => setTimeout(r, 20));
    expect(out.map((l) => [l.id, l.reply.ok ? 'ok' : l.reply.code])).toEqual([
      [3, 'bad-frame'],
      [4, 'unknown-method'],
      [5, 'unknown-method'],
      [6, 'invalid-params'],
      [8, 'invalid-params'],
      [9, 'ok'],
    ]);
    expect(destroy).not.toHaveBeenCalled();
    expect(list).toHaveBeenCalledTimes(1);
    expect(h.logs.filter((l) => l.includes('without a readable id'))).toHaveLength(4);
  });

  it('reports issues for bad params', async () => {
    const h = harness({ exec: vi.fn() });
    h.send(JSON.stringify({ id: 1, method: 'exec', params: { name: 'lab', node: 'h1', argv: [] } }));
    const [line] = (await h.waitFor(1)) as { reply: { code: string; issues: { path: string }[] } }[];
    expect(line!.reply.code).toBe('invalid-params');
    expect(line!.reply.issues.map((i) => i.path)).toContain('argv');
  });

  it('drops an oversized line without buffering it, answers it, and keeps serving', async () => {
    const plan = vi.fn(async () => ({ ops: [] }));
    const h = harness({ plan, list: listOk }, 1024);
    const big = JSON.stringify({ id: 11, method: 'plan', params: { lab: { x: 'y'.repeat(5000) } } });
    // in pieces, as a pipe would deliver it
    for (let i = 0; i < big.length; i += 300) h.input.write(big.slice(i, i + 300));
    h.send('');
    h.send(JSON.stringify({ id: 12, method: 'list', params: {} }));
    const out = (await h.waitFor(2)) as { id: number; reply: { ok: boolean; code?: string } }[];
    expect(out[0]).toMatchObject({ id: 11, reply: { ok: false, code: 'too-large' } });
    expect(out[1]).toMatchObject({ id: 12, reply: { ok: true } });
    expect(plan).not.toHaveBeenCalled();
  });

  it('turns a handler exception into an error reply and keeps going', async () => {
    const h = harness({ list: async () => { throw new Error('boom'); }, destroy: async () => ({ removed: ['nslab-a-h1'] }) });
    h.send(JSON.stringify({ id: 1, method: 'list', params: {} }));
    h.send(JSON.stringify({ id: 2, method: 'destroy', params: { name: 'a' } }));
    const out = await h.waitFor(2);
    expect(out).toContainEqual({ id: 1, reply: { ok: false, code: 'kernel', message: 'boom' } });
    expect(out).toContainEqual({ id: 2, reply: { ok: true, value: { removed: ['nslab-a-h1'] } } });
  });

  it('answers a method without a handler with unknown-method', async () => {
    const h = harness({});
    h.send(JSON.stringify({ id: 1, method: 'examples', params: {} }));
    expect((await h.waitFor(1))[0]).toMatchObject({ id: 1, reply: { ok: false, code: 'unknown-method' } });
  });

  it('streams events emitted by a handler before its reply', async () => {
    const h = harness({
      apply: async (_p, { emit }) => {
        emit('progress', { lab: 'a', done: 0, total: 1, status: 'running' });
        emit('progress', { lab: 'a', done: 1, total: 1, status: 'done' });
        return { ops: [], applied: 1 };
      },
    });
    h.send(JSON.stringify({ id: 1, method: 'apply', params: { lab: { name: 'a' } } }));
    const out = await h.waitFor(3);
    expect(out.map((l) => Object.keys(l as object)[0])).toEqual(['event', 'event', 'id']);
  });

  it('finishes running requests when the input ends, then resolves done', async () => {
    let release!: () => void;
    const h = harness({ list: () => new Promise((r) => (release = () => r({ labs: [] }))) });
    h.send(JSON.stringify({ id: 1, method: 'list', params: {} }));
    await vi.waitFor(() => expect(h.server.inFlight()).toBe(1));
    h.input.end();
    let finished = false;
    void h.server.done.then(() => (finished = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(finished).toBe(false);
    release();
    await h.server.done;
    expect(h.lines).toEqual([{ id: 1, reply: { ok: true, value: { labs: [] } } }]);
  });

  it('ignores requests after stop', async () => {
    const list = vi.fn(listOk);
    const h = harness({ list });
    h.server.stop();
    await h.server.done;
    h.send(JSON.stringify({ id: 1, method: 'list', params: {} }));
    await new Promise((r) => setTimeout(r, 20));
    expect(list).not.toHaveBeenCalled();
  });
});
