/** Serves dist/renderer under nslab://app/ (registered as a standard, secure scheme before ready). */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { contentType, resolveStatic } from '../common/static-path';
import { APP_ORIGIN, APP_SCHEME } from './app-origin';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveApp(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = `${url.protocol}//${url.host}` === APP_ORIGIN ? resolveStatic(rendererDir, url.pathname) : null;
    // Read directly rather than net.fetch(file://): no file: request ever needs to be allowed.
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!body) return new Response('not found', { status: 404 });
    return new Response(body, { headers: { 'Content-Type': contentType(file!), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' } });
  });
}
