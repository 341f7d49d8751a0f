/**
 * Handlers of the teaching requests (issue #5): checks, the connectivity matrix, traces and live
 * captures, over the modules that do the work. Hidden exercise checks are always redacted here:
 * the app has no "reveal" (the CLI's --reveal is for the teacher, who has a shell as root anyway).
 */
import type { Lab } from '../../../shared/lab/schema';
import { redactReport } from '../checks/redact';
import { runChecks } from '../checks/runner';
import { connectivityMatrix } from '../checks/matrix';
import { wiresharkPath } from '../capture/capture';
import { EngineError, status, validLab } from '../engine';
import type { HandlerTable } from '../serve';
import { trace } from '../trace/trace';
import { allCaptures, readCapture, startLiveCapture, stopLiveCapture } from './live-captures';

/** The lab file a running lab was applied from (its ledger keeps it). */
export async function runningSpec(name: string): Promise<Lab> {
  const spec = (await status(name)).ledger.spec;
  if (!spec) throw new EngineError('invalid', `lab "${name}" was started without a lab file; its checks are unknown`);
  return validLab(spec);
}

export const teachingHandlers: HandlerTable = {
  checksRun: async (p) => {
    const lab = 'lab' in p ? validLab(p.lab) : await runningSpec(p.name);
    return redactReport(await runChecks(lab), lab);
  },
  matrix: async ({ name }) => connectivityMatrix(name),
  trace: async ({ name, src, dst, probe }) => trace(name, src, dst, probe),
  captureStart: async ({ name, node, iface }, { emit }) => startLiveCapture({ lab: name, node, iface }, emit),
  captureStop: async ({ id }) => stopLiveCapture(id),
  captureList: async () => ({ captures: allCaptures(), wireshark: (await wiresharkPath()) !== null }),
  captureRead: async ({ id, offset }) => readCapture(id, offset),
};
