/**
 * Requests of live kernel state (issue #4): watch a lab, discover the machine, adopt the kernel
 * into the lab file. Spread into the helper's handler table (electron/helper/handlers.ts).
 */
import { adopt } from '../../../shared/lab/adopt';
import { checkLab } from '../../../shared/lab/parse';
import { observedOf } from '../../../shared/state/live';
import * as engine from '../engine';
import { EngineError } from '../engine';
import { readLedger } from '../ledger';
import type { HandlerTable } from '../serve';
import { discover } from './discover';
import { watches } from './watches';

export const liveHandlers: HandlerTable = {
  watchStart: async ({ lab, intervalMs }, { emit }) => {
    await watches.start(lab, intervalMs, (e) => emit('live', e));
    return { watching: true as const };
  },
  watchStop: async ({ lab }) => {
    await watches.stop(lab);
    return { watching: false as const };
  },
  watchInterval: async ({ lab, intervalMs }) => {
    if (!(await watches.setInterval(lab, intervalMs))) throw new EngineError('not-found', `lab "${lab}" is not being watched`);
    return {};
  },
  discover: async () => discover(),
  adopt: async ({ name }) => {
    const ledger = await readLedger(name);
    if (!ledger) throw new EngineError('not-found', `no lab named "${name}" is running`);
    const spec = ledger.spec ? checkLab(ledger.spec) : null;
    if (!spec?.ok) throw new EngineError('not-found', `the ledger of "${name}" holds no valid lab file to adopt into`);
    // The watcher already holds the kernel's state; without one, read it once.
    const w = await watches.get(name);
    const observed = w ? observedOf(w.current) : (await engine.status(name)).observed;
    const r = adopt(spec.lab, observed);
    return { lab: r.lab as unknown as Record<string, unknown>, adopted: r.adopted, skipped: r.skipped };
  },
};
