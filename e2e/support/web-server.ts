/**
 * Starts `npm run web`'s program as a child process (node + tsx directly, so the pid we hold is
 * the server's own and a signal reaches it) and reads the address from its `NSLAB_URL=` line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface WebServerProcess {
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  /** stderr so far (the server's log), for failure messages */
  log(): string;
  stop(): Promise<void>;
}

export async function startWebServerProcess(opts: { args?: string[]; timeoutMs?: number } = {}): Promise<WebServerProcess> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, 'electron/web/main.ts', '--port', '0', ...(opts.args ?? [])], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NSLAB_PORT: undefined },
    shell: false,
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };

  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the web server printed no NSLAB_URL within ${opts.timeoutMs ?? 90_000} ms:\n${err}`)), opts.timeoutMs ?? 90_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^NSLAB_URL=(\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the web server exited (${code}) before printing NSLAB_URL:\n${err}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  const u = new URL(url);
  return { url, origin: u.origin, token: u.searchParams.get('token') ?? '', child, log: () => err, stop };
}
