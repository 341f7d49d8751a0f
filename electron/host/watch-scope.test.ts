import { describe, expect, it } from 'vitest';
import type { EventName, EventOf, NslabApi, Params, Reply, RequestName, ResultOf } from '../../shared/protocol/api';
import { scopeWatches } from './watch-scope';

function fakeHelper() {
  const calls: [string, unknown][] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: NslabApi = {
    async invoke<K extends RequestName>(name: K, params: Params<K>): Promise<Reply<ResultOf<K>>> {
      calls.push([name, params]);
      if (name === 'watchStart') return { ok: true, value: { watching: true } as ResultOf<K> };
      if (name === 'watchStop') return { ok: true, value: { watching: false } as ResultOf<K> };
      return { ok: true, value: { removed: [] } as unknown as ResultOf<K> };
    },
    on<K extends EventName>(name: K, l: (p: EventOf<K>) => void) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(l as (p: unknown) => void);
      return () => void listeners.get(name)!.delete(l as (p: unknown) => void);
    },
  };
  const emit = (name: EventName, p: unknown) => listeners.get(name)?.forEach((l) => l(p));
  const named = (n: string) => calls.filter(([m]) => m === n).map(([, p]) => p);
  return { api, calls, emit, named };
}

const live = (lab: string): EventOf<'live'> => ({ type: 'drift', lab, ops: [] });

describe('scopeWatches', () => {
  it('stops the helper watch only when the last client lets go', async () => {
    const h = fakeHelper();
    const a = scopeWatches(h.api);
    const b = scopeWatches(h.api);
    await a.invoke('watchStart', { lab: 'demo' });
    await b.invoke('watchStart', { lab: 'demo' });
    expect(h.named('watchStart')).toHaveLength(2); // the second one re-sends the snapshot
    expect(await a.invoke('watchStop', { lab: 'demo' })).toEqual({ ok: true, value: { watching: false } });
    expect(h.named('watchStop')).toEqual([]);
    await b.close(); // a tab that disconnects
    expect(h.named('watchStop')).toEqual([{ lab: 'demo' }]);
  });

  it('delivers live events only of the labs the client watches', async () => {
    const h = fakeHelper();
    const a = scopeWatches(h.api);
    const b = scopeWatches(h.api);
    await a.invoke('watchStart', { lab: 'one' });
    await b.invoke('watchStart', { lab: 'two' });
    const seenA: string[] = [];
    const seenB: string[] = [];
    a.on('live', (e) => seenA.push(e.lab));
    b.on('live', (e) => seenB.push(e.lab));
    h.emit('live', live('one'));
    h.emit('live', live('two'));
    h.emit('live', live('three'));
    expect(seenA).toEqual(['one']);
    expect(seenB).toEqual(['two']);
  });

  it('a destroyed lab is forgotten, and watched labs are watched again after a helper restart', async () => {
    const h = fakeHelper();
    const a = scopeWatches(h.api);
    await a.invoke('watchStart', { lab: 'gone' });
    await a.invoke('watchStart', { lab: 'kept' });
    await a.invoke('destroy', { name: 'gone' });
    expect(a.watching()).toEqual(['kept']);
    h.calls.length = 0;
    h.emit('helperStatus', { state: 'crashed' });
    h.emit('helperStatus', { state: 'restarting' });
    h.emit('helperStatus', { state: 'ready' });
    expect(h.named('watchStart')).toEqual([{ lab: 'kept' }]);
  });
});
