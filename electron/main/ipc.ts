/**
 * Main's IPC logic without Electron: the invoke handler (sender checked, request validated, then
 * forwarded) and event fan-out. main.ts only binds these to ipcMain / webContents.
 */
import type { EventName, NslabApi, Reply } from '../../shared/protocol/api';
import { checkRequest, eventNames, fail } from '../common/wire';
import { isTrustedSender, type SenderFrame } from './app-origin';
import { eventChannel } from './channels';

export function createInvokeHandler(api: NslabApi, log: (m: string) => void) {
  return async (sender: SenderFrame | null | undefined, name: unknown, params: unknown): Promise<Reply<unknown>> => {
    if (!isTrustedSender(sender)) {
      log(`main: refused an invoke from an untrusted frame (${sender?.url ?? 'no frame'})`);
      return fail('forbidden', 'this frame may not use the nslab API');
    }
    const checked = checkRequest(name, params);
    if (!checked.ok) return checked;
    try {
      return await api.invoke(checked.request.method, checked.request.params as never);
    } catch (e) {
      log(`main: ${checked.request.method} threw: ${(e as Error)?.message}`);
      return fail('internal', 'internal error in the app');
    }
  };
}

/** Subscribe to every contract event and pass it on as `nslab:event:<name>`. Returns an unsubscribe. */
export function forwardEvents(api: NslabApi, send: (channel: string, payload: unknown) => void): () => void {
  const offs = eventNames.map(<E extends EventName>(name: E) => api.on(name, (payload) => send(eventChannel(name), payload)));
  return () => offs.forEach((off) => off());
}
