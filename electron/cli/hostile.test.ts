// The CLI facing a hostile lab file: a file over the size limit is refused by its size, before it
// is read or parsed, quickly and with exit 2; a file full of terminal escapes prints none of them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/lab/schema';

const cli = fileURLToPath(new URL('../../bin/nslab.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'nslab-cli-hostile-'));
const nslab = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NSLAB_RUN_DIR: dir } });

describe('nslab validate on hostile files', () => {
  it('a 5 MiB file: exit 2, a message naming the limit, fast', () => {
    const file = join(dir, 'huge.yaml');
    // valid YAML all the way down, so only the size can refuse it
    const text = `name: huge\nnodes: {}\ndescription: "${'x'.repeat(5 * 1024 * 1024)}"\n`;
    writeFileSync(file, text);
    const t = performance.now();
    const r = nslab('validate', file);
    const ms = performance.now() - t;
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}: the file is ${Buffer.byteLength(text)} bytes; a lab file may be at most ${LIMITS.textBytes} bytes`);
    expect(r.stdout).toBe('');
    expect(ms).toBeLessThan(10_000); // the CLI's own start-up (tsx) dominates; the check is a stat
  });

  it('errors quote hostile keys without passing terminal escapes through', () => {
    const file = join(dir, 'esc.yaml');
    writeFileSync(file, 'name: esc\nnodes:\n  h1:\n    kind: host\n    "\\e]0;pwned\\a\\e[2J\\u202e": 1\n');
    const r = nslab('validate', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown key/);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(r.stderr).toContain('\\u{1b}');
  });

  it('`down` of a name with a path in it is refused as usage, not looked up', () => {
    const r = nslab('down', '../../etc/passwd');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/neither a lab name nor a readable lab file|has no valid lab name/);
  });
});
