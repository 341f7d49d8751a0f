/** Serves the built renderer (dist/renderer) read-only: GET/HEAD, no directory listings, no escapes. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';
import { contentType, resolveStatic } from '../common/static-path';

export { resolveStatic };


export async function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders, htmlHeaders: OutgoingHttpHeaders): Promise<void> {
  const send = (status: number, text: string) => {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(405, 'method not allowed\n');
  }
  const file = resolveStatic(root, pathname);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) return send(404, 'not found\n');
  const type = contentType(file);
  const isHtml = type.startsWith('text/html');
  // index.html names the hashed asset files, so it must never be cached; the assets may be.
  const cache = isHtml ? 'no-store' : /[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { ...headers, ...(isHtml ? htmlHeaders : {}), 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': cache });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}
