/**
 * What quitting does about running labs: ask, when some exist, whether to destroy them (they
 * otherwise keep running in the kernel, and the next start re-attaches them). Electron-free.
 */
import type { LabSummary, NslabApi } from '../../shared/protocol/api';

export type QuitChoice = 'keep' | 'destroy' | 'cancel';

export async function confirmQuit(api: NslabApi, ask: (labs: LabSummary[]) => Promise<QuitChoice>, log: (m: string) => void): Promise<{ quit: boolean; failed: string[] }> {
  const listed = await api.invoke('list', {});
  if (!listed.ok) {
    // The helper is down or refused: nothing we could destroy anyway. Quitting stays possible.
    log(`main: cannot list labs before quitting (${listed.message}); quitting`);
    return { quit: true, failed: [] };
  }
  const running = listed.value.labs.filter((l) => l.present > 0);
  if (running.length === 0) return { quit: true, failed: [] };
  const choice = await ask(running);
  if (choice === 'cancel') return { quit: false, failed: [] };
  if (choice === 'keep') return { quit: true, failed: [] };
  const failed: string[] = [];
  for (const lab of running) {
    const r = await api.invoke('destroy', { name: lab.name });
    if (!r.ok) {
      log(`main: destroying ${lab.name} failed: ${r.message}`);
      failed.push(lab.name);
    }
  }
  return { quit: true, failed };
}

export const quitQuestion = (labs: LabSummary[]) => ({
  message: labs.length === 1 ? `The lab "${labs[0]!.name}" is still running.` : `${labs.length} labs are still running: ${labs.map((l) => l.name).join(', ')}.`,
  detail: 'Labs keep running in the kernel after nslab quits; opening nslab again re-attaches them.',
  buttons: ['Keep running and quit', 'Destroy and quit', 'Cancel'] as const,
  choices: ['keep', 'destroy', 'cancel'] as const satisfies readonly QuitChoice[],
});
