/**
 * What the renderer talks to, whichever way it arrives (Electron IPC or the browser WebSocket):
 * `examples` answered here from files, everything else forwarded to the privileged helper.
 * Callers hand it requests they have already checked; it checks again, being the last gate
 * before the helper, because checking is cheap and callers change.
 */
import type { EventName, EventOf, NslabApi, Params, Reply, RequestName, ResultOf } from '../../shared/protocol/api';
import { checkRequest, fail } from '../common/wire';
import { readExamples } from './examples';
import { openInWireshark } from './wireshark';

export interface Backend extends NslabApi {
  close(): Promise<void>;
}

export interface BackendOptions {
  helper: NslabApi & { close(): Promise<void> };
  examplesDir: string;
}

export function createBackend({ helper, examplesDir }: BackendOptions): Backend {
  return {
    async invoke<K extends RequestName>(name: K, params: Params<K>): Promise<Reply<ResultOf<K>>> {
      const checked = checkRequest(name, params);
      if (!checked.ok) return checked;
      if (checked.request.method === 'examples') {
        try {
          return { ok: true, value: (await readExamples(examplesDir)) as ResultOf<K> };
        } catch (e) {
          return fail('internal', `cannot read the examples: ${(e as Error).message}`);
        }
      }
      if (checked.request.method === 'captureWireshark') {
        // The GUI runs as the user, on the host: never from the root helper.
        return (await openInWireshark(helper, checked.request.params.id)) as Reply<ResultOf<K>>;
      }
      return helper.invoke(name, checked.request.params as Params<K>);
    },
    on<K extends EventName>(name: K, listener: (payload: EventOf<K>) => void): () => void {
      return helper.on(name, listener);
    },
    close: () => helper.close(),
  };
}
