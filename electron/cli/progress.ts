/** Progress of a long apply: a bar on a terminal, plain lines otherwise (logs, CI). */
import cliProgress from 'cli-progress';
import type { EventOf } from '../../shared/protocol/api';

export function progressReporter(out: NodeJS.WriteStream = process.stderr): { onProgress: (e: EventOf<'progress'>) => void; stop: () => void } {
  if (out.isTTY) {
    const bar = new cliProgress.SingleBar({ stream: out, format: ' {bar} {value}/{total} operations  {what}', hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      onProgress: (e) => {
        if (!started) { bar.start(e.total, 0, { what: '' }); started = true; }
        bar.update(e.done, { what: e.op ? e.op.command.slice(0, 60) : '' });
        if (e.status === 'error' && e.error) out.write(`\n${e.error}\n`);
      },
      stop: () => { if (started) bar.stop(); },
    };
  }
  let lastPct = -1;
  return {
    onProgress: (e) => {
      if (e.status === 'error') { out.write(`error: ${e.op?.command ?? ''}: ${e.error ?? ''}\n`); return; }
      const pct = e.total ? Math.floor((e.done / e.total) * 10) * 10 : 100;
      if (pct !== lastPct || e.status === 'done') { out.write(`progress: ${e.done}/${e.total} operations${e.status === 'done' ? ' (done)' : ''}\n`); lastPct = pct; }
    },
    stop: () => {},
  };
}
