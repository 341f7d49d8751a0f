/**
 * The privileged helper: the only process that runs as root (started directly when the caller is
 * already root, otherwise through pkexec). It speaks JSON-lines frames on stdin/stdout and exits
 * when stdin closes — its parent is gone — or on SIGTERM/SIGINT.
 */
import './stdio-guard';
import { serve } from './serve';
import { engineHandlers, engineErrorToReply } from './handlers';
import { terminals } from './terminals';
import { stopAllCaptures } from './capture/capture';
import { watches } from './live/watches';
import { useObserveCache } from './engine';

// a long-lived process: a second apply re-reads only namespaces whose kernel state changed
useObserveCache();

const log = (m: string) => process.stderr.write(`${m}\n`);
const server = serve({ input: process.stdin, output: process.stdout, handlers: engineHandlers, errorToReply: engineErrorToReply, log });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    log(`helper: ${signal}, finishing running requests`);
    server.stop(5_000);
  });
}
server.emit('helperStatus', { state: 'ready' });

// Whatever way we go, no terminal's shell outlives the helper (it would hold its node's namespace).
process.on('exit', () => terminals.killAllNow());

await server.done;
await terminals.closeAll();
// No tcpdump outlives the helper either (execa would kill them on exit, but this lets them finish their pcaps).
await stopAllCaptures();
// …nor an `ip monitor` of a watched lab.
await watches.stopAll();
useObserveCache(false);
process.exit(0);
