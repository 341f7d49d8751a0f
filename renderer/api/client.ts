/**
 * `getApi()`: the NslabApi the renderer talks to — `window.nslab` in Electron (exposed by the
 * preload), otherwise a WebSocket client to the browser-mode server. Connection state goes to the
 * store for the banner.
 */
import type { NslabApi } from '../../shared/protocol/api';
import { actions } from '../store';
import { createWsClient } from './ws-client';

let api: NslabApi | null = null;

export function getApi(): NslabApi {
  if (api) return api;
  const injected = (window as unknown as { nslab?: NslabApi }).nslab;
  if (injected) {
    actions().setConnection({ state: 'electron' });
    api = injected;
    return api;
  }
  const token = new URLSearchParams(location.search).get('token');
  if (!token || location.protocol === 'file:') {
    actions().setConnection({ state: 'no-token', message: location.protocol === 'file:' ? 'opened from a file; no nslab server' : 'the page address has no ?token=' });
    api = offlineApi('no connection to an nslab server (start it with `npm run web` and open the address it prints)');
    return api;
  }
  const proto = location.protocol === 'https:' ? 'wss' : 'ws';
  api = createWsClient(`${proto}://${location.host}/api?token=${encodeURIComponent(token)}`, (c) => actions().setConnection(c));
  return api;
}

/** An API that answers every request with an error value: the editor still works offline. */
function offlineApi(message: string): NslabApi {
  return {
    invoke: async () => ({ ok: false, code: 'offline', message }),
    on: () => () => {},
  };
}
