// The real helper entry, as a process: it answers frames, and it exits when its parent goes away
// (stdin closes) or on SIGTERM. Only requests that never reach the kernel are sent here.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const entry = fileURLToPath(new URL('./main.ts', import.meta.url));

function startHelper() {
  const child = spawn(process.execPath, ['--import', tsx, entry], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: unknown[] = [];
  let buf = '';
  child.stdout.on('data', (c: Buffer) => {
    buf += c;
    for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) lines.push(JSON.parse(buf.slice(0, i)));
  });
  child.stderr.on('data', (c: Buffer) => process.stderr.write(c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const until = async (n: number) => {
    for (let t = 0; lines.length < n && t < 200; t++) await new Promise((r) => setTimeout(r, 50));
    return lines;
  };
  return { child, lines, exited, until };
}

describe('helper process', () => {
  it('says ready, refuses bad frames on stdout only, and exits when stdin closes', async () => {
    const h = startHelper();
    expect((await h.until(1))[0]).toEqual({ event: 'helperStatus', payload: { state: 'ready' } });
    h.child.stdin.write('{"id":1,"method":"nope","params":{}}\n{"id":2,"method":"destroy","params":{"name":"; rm -rf /"}}\n{"id":3,"method":"examples","params":{}}\n');
    const out = (await h.until(4)) as { id?: number; reply?: { code: string } }[];
    expect(out.slice(1).map((l) => [l.id, l.reply?.code])).toEqual([[1, 'unknown-method'], [2, 'invalid-params'], [3, 'unknown-method']]);
    h.child.stdin.end();
    expect(await h.exited).toBe(0);
  }, 20_000);

  it('exits on SIGTERM', async () => {
    const h = startHelper();
    await h.until(1);
    h.child.kill('SIGTERM');
    expect(await h.exited).toBe(0);
  }, 20_000);
});
