// The desktop app itself, through Playwright's Electron driver. Electron's binary is a separate
// download; where it is missing (as on the build machine) this spec skips and says so.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { electronBinary } from '../scripts/start-electron.js';
import { buildElectron } from '../scripts/build-electron.mjs';
import { ensureRenderer } from '../electron/web/ensure-renderer';
import { repoRoot } from './support/web-server';

const bin = electronBinary(dirname(createRequire(import.meta.url).resolve('electron/package.json')));
const isRoot = process.getuid?.() === 0;
const reason = !bin
  ? "Electron's binary is not installed here (use `npm run web` instead)"
  : isRoot
    ? 'the desktop app refuses to run as root (only its helper is privileged); run this spec as a user'
    : '';

describe.skipIf(Boolean(reason))(`electron app${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('opens a sandboxed window exposing only window.nslab', async () => {
    await buildElectron();
    await ensureRenderer(repoRoot, { log: () => {} });
    const app = await electron.launch({ executablePath: bin!, args: [repoRoot], cwd: repoRoot });
    try {
      const win = await app.firstWindow();
      await win.getByTestId('title').waitFor();
      expect(await win.evaluate(() => Object.keys((window as unknown as { nslab: object }).nslab).sort())).toEqual(['invoke', 'on']);
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(win.url()).toBe('nslab://app/index.html');
      // navigation away is blocked
      await win.evaluate(() => { location.href = 'https://example.com/'; }).catch(() => {});
      await new Promise((r) => setTimeout(r, 500));
      expect(win.url()).toBe('nslab://app/index.html');
      // nodeIntegration off, context isolated: no Node in the page, and the bridge object is frozen
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await win.evaluate(() => Object.isFrozen((window as unknown as { nslab: object }).nslab))).toBe(true);
    } finally {
      await app.close();
    }
  });
});
