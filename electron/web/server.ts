/**
 * Browser mode's server: the built renderer over HTTP and the contract over one WebSocket
 * (`/api?token=…`), on 127.0.0.1 only. Everything it needs (the API behind it, the files) is
 * injected, so tests run it without root and without a helper.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { NslabApi } from '../../shared/protocol/api';
import { MAX_FRAME_BYTES } from '../common/wire';
import { baseHeaders, checkRequestOrigin, cspFor, newToken, tokenMatches } from './security';
import { serveStatic } from './static';
import { bridge } from './ws-bridge';

export const LOOPBACK = '127.0.0.1';
/** Close code for a refused token (the renderer shows "the server refused the token"). */
export const CLOSE_BAD_TOKEN = 4401;

export interface WebServerOptions {
  api: NslabApi;
  staticDir: string;
  /** 0 (default): a free port. */
  port?: number;
  /** Only 127.0.0.1 is accepted; the option exists so a mistake fails loudly instead of binding wide. */
  host?: string;
  token?: string;
  log?: (m: string) => void;
}

export interface WebServer {
  origin: string;
  /** The address to open, token included. Print it once; never log it. */
  url: string;
  port: number;
  address: AddressInfo;
  close(): Promise<void>;
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? LOOPBACK;
  if (host !== LOOPBACK) throw new Error(`refusing to listen on ${host}: browser mode binds to ${LOOPBACK} only`);
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const token = opts.token ?? newToken();
  let origin = '';
  let htmlHeaders = {};

  const server = createServer((req, res) => {
    const gate = checkRequestOrigin(req, origin);
    const url = new URL(req.url ?? '/', origin);
    if (!gate.ok) {
      log(`web: refused ${req.method} ${url.pathname}: ${gate.reason}`);
      res.writeHead(gate.status, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end(`${gate.reason}\n`);
    }
    if (url.pathname === '/api') {
      res.writeHead(tokenMatches(url.searchParams.get('token'), token) ? 426 : 401, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('WebSocket only\n');
    }
    void serveStatic(opts.staticDir, url.pathname, req, res, baseHeaders(), htmlHeaders).catch((e: Error) => {
      log(`web: ${url.pathname}: ${e.message}`);
      if (!res.headersSent) res.writeHead(500, baseHeaders());
      res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, reason: string) => {
      log(`web: refused a WebSocket: ${reason}`); // never the URL: it may hold a token
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    const gate = checkRequestOrigin(req, origin);
    if (!gate.ok) return refuse(gate.status, gate.reason);
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/api') return refuse(404, 'Not Found');
    const authorised = tokenMatches(url.searchParams.get('token'), token);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Refused with a close code rather than an HTTP status so the page can say why.
      if (!authorised) {
        log('web: refused a WebSocket: missing or wrong token');
        return ws.close(CLOSE_BAD_TOKEN, 'missing or wrong token');
      }
      bridge(ws, opts.api, log);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  if (address.address !== LOOPBACK) {
    server.close();
    throw new Error(`bound to ${address.address}, not ${LOOPBACK}`);
  }
  origin = `http://${LOOPBACK}:${address.port}`;
  let indexHtml: string | null = null;
  try {
    indexHtml = readFileSync(join(opts.staticDir, 'index.html'), 'utf8');
  } catch {
    log(`web: ${join(opts.staticDir, 'index.html')} is missing; the page will not load`);
  }
  htmlHeaders = { 'Content-Security-Policy': cspFor(indexHtml, origin) };

  return {
    origin,
    url: `${origin}/?token=${token}`,
    port: address.port,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
