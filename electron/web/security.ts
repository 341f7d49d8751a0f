/**
 * Browser mode's gatekeeping: a per-start token, our own Host and Origin only, and the headers
 * every HTTP answer carries. Loopback alone is not enough: any local user, and any web page the
 * user visits (via DNS rebinding or a cross-site WebSocket), can reach 127.0.0.1.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

export const newToken = (): string => randomBytes(32).toString('base64url');

export function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only our printed address: `Host` stops DNS rebinding, `Origin` stops other sites' pages. */
export function checkRequestOrigin(req: IncomingMessage, origin: string): { ok: true } | { ok: false; status: number; reason: string } {
  const host = new URL(origin).host;
  if (req.headers.host !== host) return { ok: false, status: 421, reason: 'wrong Host' };
  const o = req.headers.origin;
  // Browsers always send Origin on WebSocket upgrades; a local script may not (it needs the token).
  if (o !== undefined && o !== origin) return { ok: false, status: 403, reason: 'foreign Origin' };
  return { ok: true };
}

const DEFAULT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // React Flow positions nodes with inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The CSP of the page we serve: the one renderer/index.html declares in its meta tag (so the header
 * and the page agree), plus what only a header can say (`frame-ancestors`). `connect-src` also names
 * our exact WebSocket origin, for browsers whose `'self'` does not cover ws:.
 */
export function cspFor(indexHtml: string | null, origin: string): string {
  let csp = (metaCsp(indexHtml) ?? DEFAULT_CSP).trim().replace(/;\s*$/, '');
  const ws = origin.replace(/^http/, 'ws');
  csp = /(^|;\s*)connect-src\s/.test(csp) ? csp.replace(/(^|;\s*)(connect-src\s[^;]*)/, (_m, pre: string, d: string) => `${pre}${d.includes(ws) ? d : `${d} ${ws}`}`) : `${csp}; connect-src 'self' ${ws}`;
  if (!/(^|;\s*)frame-ancestors\s/.test(csp)) csp += "; frame-ancestors 'none'";
  return csp;
}

function metaCsp(html: string | null): string | null {
  const tag = html && /<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/i.exec(html)?.[0];
  const m = tag && /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
  if (!m) return null;
  return (m[1] ?? m[2] ?? '').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Headers on every HTTP answer. No Access-Control-* ever: nothing here is for other origins. */
export function baseHeaders(): OutgoingHttpHeaders {
  return {
    'X-Content-Type-Options': 'nosniff',
    // The page address carries the token: never send it to anyone as a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
