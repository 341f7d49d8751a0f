/**
 * `npm run web`: browser mode. Starts the privileged helper (directly as root, else via pkexec),
 * serves the renderer on 127.0.0.1 and prints the one address to open, token included:
 *
 *   NSLAB_URL=http://127.0.0.1:PORT/?token=TOKEN
 *
 * Options: --port N (or NSLAB_PORT; default 0 = a free port). dist/renderer is built first when
 * missing or older than its sources; --build forces that, --no-build serves it as it is.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBackend } from '../host/backend';
import { defaultExamplesDir } from '../host/examples';
import { HelperClient } from '../host/helper-client';
import { defaultHelperLaunch } from '../host/helper-launch';
import { ensureRenderer } from './ensure-renderer';
import { startWebServer } from './server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (m: string) => process.stderr.write(`${m}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, build: { type: 'boolean' }, 'no-build': { type: 'boolean' } } });
  const portText = values.port ?? process.env.NSLAB_PORT ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${JSON.stringify(portText)}`);

  const staticDir = values['no-build'] ? join(root, 'dist', 'renderer') : await ensureRenderer(root, { force: values.build, log });
  const helper = new HelperClient({ launch: defaultHelperLaunch, log });
  helper.on('helperStatus', (s) => log(`web: helper ${s.state}${s.message ? `: ${s.message}` : ''}`));
  const api = createBackend({ helper, examplesDir: defaultExamplesDir() });
  helper.start(); // now, so a pkexec prompt appears at start-up rather than on the first click

  const server = await startWebServer({ api, staticDir, port, log });
  log(`nslab is serving on ${server.origin} (loopback only). Open this address in a browser:`);
  process.stdout.write(`NSLAB_URL=${server.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`web: ${signal}, stopping (labs keep running; \`nslab destroy <lab>\` removes one)`);
    await server.close();
    await api.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: Error) => {
  log(`nslab web: ${e.message}`);
  process.exit(1);
});
