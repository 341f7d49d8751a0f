/** The main window, locked down: sandboxed, isolated, no navigation, no popups, no permissions. */
import { BrowserWindow, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { INDEX_URL, isAllowedNavigation } from './app-origin';

export function lockDownSession(log: (m: string) => void): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, permission, callback) => {
    log(`main: denied permission ${permission}`);
    callback(false);
  });
  s.setPermissionCheckHandler(() => false);
  // No remote content: the page and everything it loads come from our own scheme.
  s.webRequest.onBeforeRequest((details, callback) => {
    const ok = details.url.startsWith('nslab://') || details.url.startsWith('devtools://') || details.url.startsWith('data:') || details.url.startsWith('blob:');
    if (!ok) log(`main: blocked a request to ${new URL(details.url).origin}`);
    callback({ cancel: !ok });
  });
}

export function createWindow(log: (m: string) => void): BrowserWindow {
  const here = dirname(fileURLToPath(import.meta.url));
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'nslab',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  const wc = win.webContents;
  wc.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url)) {
      e.preventDefault();
      log('main: blocked a navigation');
    }
  });
  wc.on('will-redirect', (e, url) => {
    if (!isAllowedNavigation(url)) e.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadURL(INDEX_URL);
  return win;
}
