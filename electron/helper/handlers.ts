/**
 * The helper's handler table: each request of the contract that needs privilege, mapped onto the
 * engine. (`examples` reads files only, so the unprivileged host answers it.)
 */
import * as engine from './engine';
import { EngineError } from './engine';
import { fail, type Failure } from '../common/wire';
import type { HandlerTable } from './serve';
import { terminals } from './terminals';
import { stopLabCaptures } from './capture/capture';
import { teachingHandlers } from './teaching/handlers';
import { liveHandlers } from './live/handlers';
import { watches } from './live/watches';

export const engineHandlers: HandlerTable = {
  // `lab` is JSON.parse's, copied by the frame's zod record (common/wire.ts parseRequestFrame)
  plan: async ({ lab }) => engine.planPreview({ lab }),
  planDelta: async ({ delta }) => engine.planPreview({ delta }),
  apply: async ({ lab, file }, { emit }) => engine.apply(lab, { file, fromJson: true, onProgress: (e) => emit('progress', e) }),
  applyDelta: async ({ delta, file }, { emit }) => engine.applyDelta(delta, { file, onProgress: (e) => emit('progress', e) }),
  destroy: async ({ name }) => {
    // A shell left running in a node would keep its namespace alive after `ip netns del`.
    await terminals.closeLab(name);
    // A tcpdump in a node holds its namespace too, and its pcap would stop mid-packet anyway.
    await stopLabCaptures(name);
    // Its watcher's monitors hold the namespaces too; a watch of a destroyed lab has nothing to show.
    await watches.stop(name);
    return { removed: await engine.destroy(name) };
  },
  list: async () => ({ labs: await engine.list() }),
  exec: async ({ name, node, argv, timeoutMs }) => engine.execInNode(name, node, argv, timeoutMs),
  terminalOpen: async (p, { emit }) => terminals.open(p, emit),
  terminalInput: async ({ id, data }) => (terminals.input(id, data), {}),
  terminalResize: async ({ id, cols, rows }) => (terminals.resize(id, cols, rows), {}),
  terminalClose: async ({ id }) => (await terminals.close(id), {}),
  ...teachingHandlers,
  ...liveHandlers,
};

/** EngineError crosses the boundary as a value; anything else is a bug and says only "internal". */
export function engineErrorToReply(error: unknown): Failure {
  if (error instanceof EngineError) return fail(error.code, error.message, error.issues);
  return fail('internal', 'internal error in the helper (see its log)');
}
