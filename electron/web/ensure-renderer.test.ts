import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRenderer, isStale } from './ensure-renderer';

describe('ensureRenderer', () => {
  it('uses an up-to-date build and notices a source newer than it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nslab-ensure-'));
    mkdirSync(join(root, 'renderer'));
    mkdirSync(join(root, 'dist', 'renderer'), { recursive: true });
    writeFileSync(join(root, 'renderer', 'index.html'), '');
    writeFileSync(join(root, 'dist', 'renderer', 'index.html'), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'renderer', 'index.html'), old, old);
    expect(await ensureRenderer(root, { log: () => {} })).toBe(join(root, 'dist', 'renderer'));
    const builtMs = Date.now() - 30_000;
    expect(isStale(root, builtMs)).toBe(false);
    writeFileSync(join(root, 'renderer', 'App.tsx'), '');
    expect(isStale(root, builtMs)).toBe(true);
  });

  it('serves an existing build when there are no sources to rebuild from', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nslab-ensure-'));
    mkdirSync(join(root, 'dist', 'renderer'), { recursive: true });
    writeFileSync(join(root, 'dist', 'renderer', 'index.html'), '');
    expect(await ensureRenderer(root, { force: true, log: () => {} })).toBe(join(root, 'dist', 'renderer'));
    await expect(ensureRenderer(mkdtempSync(join(tmpdir(), 'nslab-ensure-')), { log: () => {} })).rejects.toThrow(/no renderer sources/);
  });
});
