/**
 * The renderer is loaded from our own privileged scheme (`nslab://app/…`), not file://: pages from
 * it cannot read arbitrary local files, absolute asset paths work, and "our own frame" is one exact
 * origin to compare against.
 */
export const APP_SCHEME = 'nslab';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const INDEX_URL = `${APP_ORIGIN}/index.html`;

/** What we need to know about the frame an IPC message came from. */
export interface SenderFrame {
  url: string;
  /** null for a top-level frame */
  parent: unknown;
}

/** Only the top frame of our own page may talk to main (VS Code's validated sender, STYLE.md 5). */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** Navigation is never allowed away from our page (reloads of it are). */
export function isAllowedNavigation(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN && (u.pathname === '/' || u.pathname === '/index.html');
  } catch {
    return false;
  }
}
