import { describe, expect, it, vi } from 'vitest';
import type { EventName, LabSummary, NslabApi } from '../../shared/protocol/api';
import { events, requests } from '../../shared/protocol/api';
import { INDEX_URL, isAllowedNavigation, isTrustedSender } from './app-origin';
import { INVOKE_CHANNEL, eventChannel, eventChannels } from './channels';
import { createInvokeHandler, forwardEvents } from './ipc';
import { menuTemplate } from './menu';
import { createPreloadApi, type IpcLike } from './preload-api';
import { confirmQuit } from './quit-flow';

const top = { url: INDEX_URL, parent: null };

function fakeApi(labs: Partial<LabSummary>[] = []) {
  const listeners = new Map<EventName, (p: unknown) => void>();
  const invoke = vi.fn(async (name: string, params: { name?: string }) => {
    if (name === 'list') return { ok: true, value: { labs } };
    if (name === 'destroy') return params.name === 'stuck' ? { ok: false, code: 'kernel', message: 'busy' } : { ok: true, value: { removed: [] } };
    return { ok: true, value: {} };
  });
  const on = vi.fn((name: EventName, l: (p: unknown) => void) => {
    listeners.set(name, l);
    return () => listeners.delete(name);
  });
  return { api: { invoke, on } as unknown as NslabApi, invoke, listeners };
}

describe('channels', () => {
  it('derives one prefixed channel per contract event, and one invoke channel', () => {
    expect(INVOKE_CHANNEL).toBe('nslab:invoke');
    expect(eventChannels).toEqual(Object.keys(events).map((e) => `nslab:event:${e}`));
    expect(eventChannel('progress')).toBe('nslab:event:progress');
  });
});

describe('sender and navigation checks', () => {
  it('trusts only the top frame of our own page', () => {
    expect(isTrustedSender(top)).toBe(true);
    expect(isTrustedSender({ url: 'nslab://app/index.html#x', parent: null })).toBe(true);
    expect(isTrustedSender({ url: INDEX_URL, parent: {} })).toBe(false); // an iframe
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///work/main/dist/renderer/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'nslab://other/index.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('allows navigation only to our page', () => {
    expect(isAllowedNavigation(INDEX_URL)).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('nslab://app/other.html')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
  });
});

describe('invoke handler', () => {
  it('forwards a valid request from our frame', async () => {
    const { api, invoke } = fakeApi();
    const handle = createInvokeHandler(api, () => {});
    expect(await handle(top, 'list', {})).toEqual({ ok: true, value: { labs: [] } });
    expect(invoke).toHaveBeenCalledWith('list', {});
  });

  it('refuses a foreign frame, unknown methods and bad params before the helper sees them', async () => {
    const { api, invoke } = fakeApi();
    const logs: string[] = [];
    const handle = createInvokeHandler(api, (m) => logs.push(m));
    expect(await handle({ url: 'https://evil.example/', parent: null }, 'list', {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await handle(top, '__proto__', {})).toMatchObject({ ok: false, code: 'unknown-method' });
    expect(await handle(top, 'exec', { name: 'a', node: 'h1', argv: 'rm -rf /' })).toMatchObject({ ok: false, code: 'invalid-params' });
    expect(invoke).not.toHaveBeenCalled();
    expect(logs).toHaveLength(1);
  });

  it('strips unknown params keys (the schema is the gate)', async () => {
    const { api, invoke } = fakeApi();
    await createInvokeHandler(api, () => {})(top, 'destroy', { name: 'a', extra: 'x' });
    expect(invoke).toHaveBeenCalledWith('destroy', { name: 'a' });
  });

  it('forwards every contract event on its channel and unsubscribes', () => {
    const { api, listeners } = fakeApi();
    const sent: [string, unknown][] = [];
    const off = forwardEvents(api, (c, p) => sent.push([c, p]));
    expect([...listeners.keys()]).toEqual(Object.keys(events));
    listeners.get('helperStatus')!({ state: 'ready' });
    expect(sent).toEqual([['nslab:event:helperStatus', { state: 'ready' }]]);
    off();
    expect(listeners.size).toBe(0);
  });
});

describe('preload api', () => {
  function fakeIpc() {
    const handlers = new Map<string, (e: unknown, ...a: unknown[]) => void>();
    const ipc: IpcLike & { invoke: ReturnType<typeof vi.fn> } = {
      invoke: vi.fn(async () => ({ ok: true, value: { labs: [] } })),
      on: (c, l) => handlers.set(c, l),
      removeListener: (c) => handlers.delete(c),
    };
    return { ipc, handlers };
  }

  it('exposes exactly invoke and on', () => {
    expect(Object.keys(createPreloadApi(fakeIpc().ipc)).sort()).toEqual(['invoke', 'on']);
  });

  it('invokes through the one invoke channel', async () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc);
    expect(await api.invoke('list', {})).toEqual({ ok: true, value: { labs: [] } });
    expect(ipc.invoke).toHaveBeenCalledWith('nslab:invoke', 'list', {});
    expect(await api.invoke('nope' as 'list', {})).toMatchObject({ ok: false, code: 'unknown-method' });
  });

  it('delivers only the payload (never the Electron event) and returns an unsubscribe', () => {
    const { ipc, handlers } = fakeIpc();
    const api = createPreloadApi(ipc);
    const got: unknown[] = [];
    const off = api.on('progress', (p) => got.push(p));
    handlers.get('nslab:event:progress')!({ sender: 'ipcRenderer!' }, { lab: 'a' });
    expect(got).toEqual([{ lab: 'a' }]);
    off();
    expect(handlers.size).toBe(0);
    expect(() => api.on('nslab:invoke' as 'progress', () => {})).toThrow(/unknown event/);
  });
});

describe('quit flow', () => {
  const running = [{ name: 'a', present: 2 }, { name: 'stuck', present: 1 }, { name: 'gone', present: 0 }];

  it('quits without asking when no lab is running', async () => {
    const ask = vi.fn();
    expect(await confirmQuit(fakeApi([{ name: 'gone', present: 0 }]).api, ask, () => {})).toEqual({ quit: true, failed: [] });
    expect(ask).not.toHaveBeenCalled();
  });

  it('asks about running labs; cancel keeps the app open, keep leaves them', async () => {
    const f = fakeApi(running);
    const ask = vi.fn(async (_labs: LabSummary[]) => 'cancel' as const);
    expect(await confirmQuit(f.api, ask, () => {})).toEqual({ quit: false, failed: [] });
    expect(ask.mock.calls[0]![0].map((l) => l.name)).toEqual(['a', 'stuck']);
    expect(await confirmQuit(f.api, async () => 'keep', () => {})).toEqual({ quit: true, failed: [] });
    expect(f.invoke).not.toHaveBeenCalledWith('destroy', expect.anything());
  });

  it('destroys the running labs when asked and reports the ones that failed', async () => {
    const f = fakeApi(running);
    expect(await confirmQuit(f.api, async () => 'destroy', () => {})).toEqual({ quit: true, failed: ['stuck'] });
    expect(f.invoke).toHaveBeenCalledWith('destroy', { name: 'a' });
    expect(f.invoke).not.toHaveBeenCalledWith('destroy', { name: 'gone' });
  });

  it('still quits when the labs cannot be listed', async () => {
    const api = { invoke: async () => ({ ok: false, code: 'helper-crashed', message: 'x' }), on: () => () => {} } as unknown as NslabApi;
    expect(await confirmQuit(api, async () => 'cancel', () => {})).toEqual({ quit: true, failed: [] });
  });
});

describe('menu', () => {
  it('has File New/Open/Save/Save As/Quit and View zoom and devtools', () => {
    const file = vi.fn();
    const quit = vi.fn();
    const t = menuTemplate({ file, quit });
    const labels = (i: number) => (t[i]!.submenu as { label?: string; role?: string }[]).map((m) => m.label ?? m.role).filter(Boolean);
    expect(labels(0)).toEqual(['New', 'Open…', 'Save', 'Save As…', 'Quit']);
    expect(labels(2)).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'toggleDevTools']));
    (t[0]!.submenu as { click?: () => void }[])[3]!.click!();
    expect(file).toHaveBeenCalledWith('save');
  });
});

it('covers every request in the contract', () => {
  // If a request is added, the helper's handler table or the host must answer it.
  expect(Object.keys(requests).sort()).toEqual(['adopt', 'apply', 'applyDelta', 'captureList', 'captureRead', 'captureStart', 'captureStop', 'captureWireshark', 'checksRun', 'destroy', 'discover', 'examples', 'exec', 'list', 'matrix', 'plan', 'planDelta', 'terminalClose', 'terminalInput', 'terminalOpen', 'terminalResize', 'trace', 'watchInterval', 'watchStart', 'watchStop']);
});
