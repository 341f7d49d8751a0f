import { describe, expect, it } from 'vitest';
import type { EventName, EventOf, NslabApi, Params, Reply, RequestName, ResultOf } from '../../shared/protocol/api';
import { scopeTerminals } from './terminal-scope';

/** A fake shared helper: hands out ids, records calls, lets the test emit events. */
function fakeHelper() {
  let n = 0;
  const calls: [string, unknown][] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: NslabApi = {
    async invoke<K extends RequestName>(name: K, params: Params<K>): Promise<Reply<ResultOf<K>>> {
      calls.push([name, params]);
      if (name === 'terminalOpen') return { ok: true, value: { id: `term-${String(++n).padStart(12, '0')}` } as ResultOf<K> };
      return { ok: true, value: {} as ResultOf<K> };
    },
    on<K extends EventName>(name: K, l: (p: EventOf<K>) => void) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(l as (p: unknown) => void);
      return () => void listeners.get(name)!.delete(l as (p: unknown) => void);
    },
  };
  const emit = (name: EventName, p: unknown) => listeners.get(name)?.forEach((l) => l(p));
  return { api, calls, emit };
}

const open = { lab: 'lab', node: 'h1', cols: 80, rows: 24 };

describe('scopeTerminals', () => {
  it('keeps a shell\'s first output that arrives before its open reply is handled, and gives it only to the opener', async () => {
    const h = fakeHelper();
    const id = `term-${String(1).padStart(12, '0')}`;
    // the helper's reply and the prompt come in one read: the prompt is dispatched first
    const inner = h.api.invoke.bind(h.api);
    h.api.invoke = (async (name: RequestName, params: never) => {
      const r = await inner(name, params);
      if (name === 'terminalOpen') h.emit('terminalData', { id, data: 'h1# ' });
      return r;
    }) as NslabApi['invoke'];
    const a = scopeTerminals(h.api);
    const b = scopeTerminals(h.api);
    const seenA: string[] = [];
    const seenB: string[] = [];
    a.on('terminalData', (p) => seenA.push(p.data));
    b.on('terminalData', (p) => seenB.push(p.data));
    const r = await a.invoke('terminalOpen', open);
    expect(r).toMatchObject({ ok: true, value: { id } });
    expect(seenA).toEqual(['h1# ']);
    expect(seenB).toEqual([]);
  });

  it('lets a client use only the terminals it opened, and see only their output', async () => {
    const h = fakeHelper();
    const a = scopeTerminals(h.api);
    const b = scopeTerminals(h.api);
    const ra = await a.invoke('terminalOpen', open);
    const rb = await b.invoke('terminalOpen', open);
    if (!ra.ok || !rb.ok) throw new Error('open failed');
    const seenA: string[] = [];
    const seenB: string[] = [];
    a.on('terminalData', (p) => seenA.push(p.data));
    b.on('terminalData', (p) => seenB.push(p.data));
    h.emit('terminalData', { id: ra.value.id, data: 'for a' });
    h.emit('terminalData', { id: rb.value.id, data: 'for b' });
    expect(seenA).toEqual(['for a']);
    expect(seenB).toEqual(['for b']);

    expect(await b.invoke('terminalInput', { id: ra.value.id, data: 'rm -rf /\r' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await b.invoke('terminalClose', { id: ra.value.id })).toMatchObject({ ok: false, code: 'not-found' });
    expect(h.calls.filter(([n]) => n === 'terminalInput' || n === 'terminalClose')).toEqual([]);
    expect(await a.invoke('terminalInput', { id: ra.value.id, data: 'ls\r' })).toEqual({ ok: true, value: {} });
  });

  it('forgets a terminal once it exits, after every listener saw the exit', async () => {
    const h = fakeHelper();
    const a = scopeTerminals(h.api);
    const r = await a.invoke('terminalOpen', open);
    if (!r.ok) throw new Error('open failed');
    const exits: number[] = [];
    a.on('terminalExit', (p) => exits.push(p.code));
    a.on('terminalExit', (p) => exits.push(p.code + 100));
    h.emit('terminalExit', { id: r.value.id, code: 0 });
    expect(exits).toEqual([0, 100]);
    expect(a.owned()).toEqual([]);
    expect(await a.invoke('terminalResize', { id: r.value.id, cols: 10, rows: 10 })).toMatchObject({ ok: false });
  });

  it('closes its terminals when the client goes away', async () => {
    const h = fakeHelper();
    const a = scopeTerminals(h.api);
    await a.invoke('terminalOpen', open);
    await a.invoke('terminalOpen', { ...open, node: 'h2' });
    await a.close();
    expect(h.calls.filter(([n]) => n === 'terminalClose')).toHaveLength(2);
    expect(await a.invoke('terminalOpen', open)).toMatchObject({ ok: false });
  });

  it('reports every terminal ended when the helper crashes', async () => {
    const h = fakeHelper();
    const a = scopeTerminals(h.api);
    const r = await a.invoke('terminalOpen', open);
    if (!r.ok) throw new Error('open failed');
    const exits: unknown[] = [];
    a.on('terminalExit', (p) => exits.push(p));
    h.emit('helperStatus', { state: 'crashed', message: 'boom' });
    expect(exits).toEqual([{ id: r.value.id, code: -1 }]);
    expect(a.owned()).toEqual([]);
  });

  it('passes other requests and events straight through', async () => {
    const h = fakeHelper();
    const a = scopeTerminals(h.api);
    const seen: unknown[] = [];
    a.on('progress', (p) => seen.push(p));
    h.emit('progress', { lab: 'x', done: 1, total: 2, status: 'running' });
    expect(seen).toHaveLength(1);
    await a.invoke('list', {});
    expect(h.calls).toEqual([['list', {}]]);
  });
});
