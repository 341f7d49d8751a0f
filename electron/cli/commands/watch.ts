/** watch: the live state of a lab as it changes — snapshot, then diffs, counters and drift. */
import { LAB_NAME } from '../../../shared/net/names';
import type { LiveEvent } from '../../../shared/state/live';
import { LabWatcher } from '../../helper/live/watcher';
import { UsageError } from '../usage';
import { formatLiveEvent } from './watch-format';

export async function watchCmd(args: string[]): Promise<number> {
  const json = args.includes('--json');
  let intervalMs = 1000;
  const i = args.indexOf('--interval');
  if (i >= 0) {
    const v = args[i + 1];
    if (!v || !/^\d+$/.test(v) || (Number(v) !== 0 && Number(v) < 100)) throw new UsageError('--interval takes milliseconds: 0 (no counters) or at least 100');
    intervalMs = Number(v);
  }
  const name = args.find((a, k) => !a.startsWith('--') && args[k - 1] !== '--interval');
  if (!name) throw new UsageError('watch needs a lab name');
  if (!LAB_NAME.test(name)) throw new UsageError(`"${name}" is not a lab name`);

  const print = (e: LiveEvent) => {
    if (json) process.stdout.write(JSON.stringify(e) + '\n');
    else for (const line of formatLiveEvent(e)) process.stdout.write(line + '\n');
  };
  const w = await LabWatcher.start(name, { intervalMs });
  w.subscribe(print);
  // Ctrl-C / SIGTERM: stop every ip monitor before leaving
  await new Promise<void>((resolve) => {
    const done = () => { process.off('SIGINT', done); process.off('SIGTERM', done); resolve(); };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  await w.stop();
  return 0;
}
