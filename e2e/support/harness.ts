/**
 * One call per spec file: `const app = useNslab()` starts the web server (real helper, real kernel)
 * and Chromium before the specs, gives each test a fresh page, and afterwards — whether the specs
 * passed or not — closes the browser, stops the server (and so its helper) and destroys the labs
 * the specs created. Which labs those are is read off the pages' own WebSocket: every `apply` or
 * `applyDelta` a page sent names its lab (labs that existed before the spec are left alone, and so
 * are labs other processes on the machine create meanwhile). `sent()` lists a test's requests.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { destroyLabs, labNames } from './labs';
import { startWebServerProcess, type WebServerProcess } from './web-server';
import { AppPage } from './pages/app-page';

export interface NslabHarness {
  server: WebServerProcess;
  browser: Browser;
  page: Page;
  app: AppPage;
  /** open the app with the right token (or a given query string) */
  open(query?: string): Promise<AppPage>;
  /** the request frames this test's page has sent so far, in order */
  sent(): SentRequest[];
}

export interface SentRequest { method: string; params: Record<string, unknown> }

export function useNslab(): NslabHarness {
  let server: WebServerProcess | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let before = new Set<string>();
  const applied = new Set<string>();
  let sent: SentRequest[] = [];
  const pageErrors: string[] = [];

  // A spec that dies half-way still must not leave a root server behind.
  const onExit = () => server?.child.kill('SIGKILL');

  beforeAll(async () => {
    process.once('exit', onExit);
    before = await labNames();
    server = await startWebServerProcess();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    sent = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => {
      const req = request(f.payload);
      if (!req) return;
      sent.push(req);
      const name = appliedLab(req);
      if (name) applied.add(name);
    }));
  });

  afterEach(async () => {
    await context?.close().catch(() => {});
    context = undefined;
    page = undefined;
  });

  afterAll(async () => {
    const problems: string[] = [];
    await browser?.close().catch((e: Error) => problems.push(`browser: ${e.message}`));
    await server?.stop().catch((e: Error) => problems.push(`server: ${e.message}`));
    process.off('exit', onExit);
    await destroyLabs(applied, before).catch((e: Error) => problems.push(e.message));
    if (problems.length) throw new Error(problems.join('\n'));
  });

  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not ready (did beforeAll fail?)`);
    return v;
  };
  return {
    get server() { return need(server, 'server'); },
    get browser() { return need(browser, 'browser'); },
    get page() { return need(page, 'page'); },
    get app() { return new AppPage(need(page, 'page')); },
    async open(query?: string) {
      const s = need(server, 'server');
      const p = need(page, 'page');
      await p.goto(query === undefined ? s.url : `${s.origin}/${query}`);
      return new AppPage(p, pageErrors);
    },
    sent: () => [...sent],
  };
}

/** A request frame (shared/protocol/api.ts RequestFrame), if the payload is one. */
function request(payload: string | Buffer): SentRequest | null {
  try {
    const f = JSON.parse(String(payload)) as { method?: unknown; params?: unknown };
    return typeof f.method === 'string' && f.params !== null && typeof f.params === 'object' ? { method: f.method, params: f.params as Record<string, unknown> } : null;
  } catch {
    return null;
  }
}

/** The lab an `apply` (the whole lab) or `applyDelta` (a delta naming it) request applies, if it is one. */
function appliedLab({ method, params }: SentRequest): string | null {
  const name = method === 'apply' ? (params.lab as { name?: unknown } | undefined)?.name
    : method === 'applyDelta' ? (params.delta as { name?: unknown } | undefined)?.name : undefined;
  return typeof name === 'string' ? name : null;
}
