import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './start-electron.js';

describe('start-electron', () => {
  it('finds the binary only when path.txt names an existing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nslab-electron-'));
    expect(electronBinary(dir)).toBeNull();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(electronBinary(dir)).toBeNull();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(electronBinary(dir)).toBe(join(dir, 'dist', 'electron'));
  });

  const installed = electronBinary(dirname(createRequire(import.meta.url).resolve('electron/package.json')));
  it.skipIf(installed !== null)('says plainly what to do when the binary is missing, and exits 1', () => {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('./start-electron.js', import.meta.url))], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("Electron's binary is not installed here; run `npm run web` and open the printed URL");
  });
});
