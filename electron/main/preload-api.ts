/**
 * The one object the preload exposes as `window.nslab` (STYLE.md 5): `invoke` and `on`, nothing
 * else — no ipcRenderer, no channel names, no Electron event objects reach the page.
 */
import type { EventName, EventOf, NslabApi, Params, Reply, RequestName, ResultOf } from '../../shared/protocol/api';
import { isEventName, isRequestName, fail } from '../common/wire';
import { INVOKE_CHANNEL, eventChannel } from './channels';

/** The part of ipcRenderer we use (injected, so this is testable without Electron). */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createPreloadApi(ipc: IpcLike): NslabApi {
  return {
    async invoke<K extends RequestName>(name: K, params: Params<K>): Promise<Reply<ResultOf<K>>> {
      if (!isRequestName(name)) return fail('unknown-method', `unknown method ${String(name).slice(0, 32)}`);
      try {
        return (await ipc.invoke(INVOKE_CHANNEL, name, params)) as Reply<ResultOf<K>>;
      } catch (e) {
        // e.g. params that cannot be structured-cloned
        return fail('invalid-params', (e as Error)?.message ?? String(e));
      }
    },
    on<K extends EventName>(name: K, listener: (payload: EventOf<K>) => void): () => void {
      if (!isEventName(name)) throw new Error(`unknown event ${String(name).slice(0, 32)}`);
      const channel = eventChannel(name);
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as EventOf<K>);
      ipc.on(channel, wrapped);
      return () => void ipc.removeListener(channel, wrapped);
    },
  };
}
