/**
 * Electron main: windows, menu, IPC. Unprivileged — the helper is the only root process — and thin:
 * the logic lives in plain modules (ipc.ts, quit-flow.ts, menu.ts, app-origin.ts) with unit tests.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../host/backend';
import { defaultExamplesDir } from '../host/examples';
import { HelperClient } from '../host/helper-client';
import { defaultHelperLaunch } from '../host/helper-launch';
import { registerAppScheme, serveApp } from './app-protocol';
import { INVOKE_CHANNEL } from './channels';
import { createInvokeHandler, forwardEvents } from './ipc';
import { FILE_KEYS, menuTemplate } from './menu';
import { confirmQuit, quitQuestion } from './quit-flow';
import { createWindow, lockDownSession } from './window';

const log = (m: string) => process.stderr.write(`${m}\n`);

if (process.getuid?.() === 0) {
  // Only the helper is privileged (STYLE.md 6); a root renderer would also need --no-sandbox.
  log('nslab: do not run the desktop app as root; run it as your user (the helper asks for privileges via pkexec), or use `npm run web`.');
  process.exit(1);
}
if (!app.requestSingleInstanceLock()) app.exit(0);

registerAppScheme();
const here = dirname(fileURLToPath(import.meta.url));
const helper = new HelperClient({ launch: defaultHelperLaunch, log });
const api = createBackend({ helper, examplesDir: defaultExamplesDir() });
let win: BrowserWindow | null = null;
let quitting = false;

app.on('second-instance', () => {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
});

app.whenReady().then(() => {
  lockDownSession(log);
  serveApp(join(here, '..', 'renderer'));
  const invoke = createInvokeHandler(api, log);
  ipcMain.handle(INVOKE_CHANNEL, (e, name: unknown, params: unknown) => invoke(e.senderFrame, name, params));
  forwardEvents(api, (channel, payload) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(channel, payload);
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        file: (c) => {
          const wc = (BrowserWindow.getFocusedWindow() ?? win)?.webContents;
          if (!wc) return;
          const k = FILE_KEYS[c];
          wc.sendInputEvent({ type: 'keyDown', keyCode: k.keyCode, modifiers: k.modifiers });
          wc.sendInputEvent({ type: 'keyUp', keyCode: k.keyCode, modifiers: k.modifiers });
        },
        quit: () => app.quit(),
      }),
    ),
  );
  helper.start();
  win = createWindow(log);
  win.on('closed', () => (win = null));
});

app.on('window-all-closed', () => app.quit());

app.on('before-quit', (e) => {
  if (quitting) return;
  e.preventDefault();
  void (async () => {
    const { quit, failed } = await confirmQuit(
      api,
      async (labs) => {
        const q = quitQuestion(labs);
        const opts = { type: 'question' as const, message: q.message, detail: q.detail, buttons: [...q.buttons], defaultId: 0, cancelId: 2, noLink: true };
        const { response } = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts);
        return q.choices[response] ?? 'cancel';
      },
      log,
    );
    if (!quit) return;
    if (failed.length) dialog.showErrorBox('nslab', `Could not destroy: ${failed.join(', ')}. They are still running; \`nslab destroy <lab>\` removes one.`);
    await shutdown();
  })();
});

async function shutdown(): Promise<void> {
  quitting = true;
  await api.close();
  app.exit(0);
}

// A session ending or `kill`: no questions; labs keep running and are re-attached next time.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown());
