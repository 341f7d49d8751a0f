/**
 * Renderer benchmark (issue #7: "a 1000-node lab opens in ≤ 1.5 s and pans at ≥ 50 fps, measured
 * with a Chromium trace"). Run alone with `tsx bench/renderer.ts` or as part of `npm run bench`
 * (skip it there with `--no-renderer`).
 *
 * For each size and topology it generates the lab (labs.ts) with grid positions (a saved lab has
 * them; without positions the app runs elk first, see `--renderer-unpositioned`), starts the web
 * server and Debian's Chromium the way the e2e harness does (e2e/support), opens the lab with the
 * toolbar's Open (Playwright's `filechooser`), and records one Chromium performance trace over:
 *
 *  (a) open: from the mark `nslab-open-start` (set in the page just before the file is handed to
 *      the picker) until the first frame drawn after the mark `nslab-open-end` (set by a
 *      requestAnimationFrame poller in the page — and, for the overview, right after it paints
 *      (a MutationObserver on `data-overview-drawn`) — when the title names the lab, the canvas's store
 *      holds all N nodes (`data-node-count`), the view is the fitted one, and either — the canvas
 *      in overview mode (`data-overview="true"`, a lab of ≥ OVERVIEW_MIN_NODES zoomed far out) —
 *      the overview has painted all N nodes (`data-overview-drawn`), or — cards mode — every node
 *      whose top-left corner is in that view is in the DOM as `[data-node]` (the canvas mounts
 *      only the nodes in view); each row records which criterion ended its open. At the mark the
 *      page repaints one transparent pixel, so a frame is drawn after it even if the page has
 *      nothing else to draw (open may then read up to one frame late, never early);
 *  (b) pan: the left button held on empty canvas and the mouse moved back and forth for ~2 s,
 *      between the marks `nslab-pan-start` and `nslab-pan-end`.
 *
 * From the trace (pid = the renderer process that holds the marks): frames = `DrawFrame` events
 * of that renderer's compositor in the pan window (a frame the compositor actually drew and
 * submitted), main-thread frames = `BeginMainThreadFrame` on CrRendererMain (a frame in which the
 * page's JS/style/layout ran), long tasks = top-level `RunTask`/`ThreadControllerImpl::RunTask` on
 * CrRendererMain of ≥ 50 ms. Headless Chromium with --disable-gpu (software raster), on whatever
 * cores this machine has: times are as measured here, never asserted in tests.
 *
 * Writes bench/results/renderer-<stamp>.json and prints a table; with NSLAB_RENDERER_TRACES=DIR
 * also each raw trace as DIR/<lab>.json (opens in chrome://tracing or DevTools' Performance tab).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser';
import { startWebServerProcess, type WebServerProcess } from '../e2e/support/web-server';
import type { Lab } from '../shared/lab/schema';
import { serializeLab } from '../shared/lab/serialize';
import { benchLab, type Topology } from './labs';

const here = import.meta.dirname;

export interface RendererRow {
  topology: Topology;
  nodes: number;
  links: number;
  positioned: boolean;
  /** at open-end: nodes whose top-left corner is in the fitted view, and [data-node] elements in the DOM */
  inView: number;
  inDom: number;
  /**
   * what ended the open: `overview` = the canvas is in overview mode and its canvas painted all N
   * nodes; `dom` = every node in view is in the DOM as a card
   */
  criterion: 'overview' | 'dom';
  /** nodes the overview painted at open-end (0 in cards mode) */
  overviewDrawn: number;
  /** open-start → first DrawFrame after the open criterion held (trace) */
  openMs: number;
  /** open-start → the rAF in which that was first true (page marks) */
  openDomMs: number;
  openLongTasks: { count: number; totalMs: number; maxMs: number };
  pan: {
    ms: number;
    /** DrawFrame events of the page's compositor in the pan window */
    drawFrames: number;
    fps: number;
    /** BeginMainThreadFrame on the page's main thread in the pan window */
    mainFrames: number;
    mainFps: number;
    /** mouse moves sent (60 Hz samples, a sample dropped while the previous move is in flight) */
    moves: number;
    longTasks: { count: number; totalMs: number; maxMs: number };
  };
  /** the tasks ≥ 50 ms during open, top-level only: [start offset from open-start ms, duration ms] */
  openTasks: [number, number][];
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; cat: string; args?: Record<string, unknown> }

/** Grid positions (170×64 cards, 210×120 pitch), chain in snake order so cables stay short. */
export function withGridPositions(lab: Lab): Lab {
  const names = Object.keys(lab.nodes);
  const cols = Math.ceil(Math.sqrt(names.length * 2));
  const nodes: Lab['nodes'] = {};
  names.forEach((name, i) => {
    const row = Math.floor(i / cols);
    const col = row % 2 === 0 ? i % cols : cols - 1 - (i % cols);
    nodes[name] = { ...lab.nodes[name]!, position: { x: 60 + col * 210, y: 60 + row * 120 } };
  });
  return { ...lab, nodes };
}

const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing', 'toplevel', '__metadata',
];

async function measureOne(browser: Browser, server: WebServerProcess, topology: Topology, n: number, positioned: boolean): Promise<RendererRow> {
  const b = benchLab(topology, n, `rb-${topology}-${n}`);
  const lab = positioned ? withGridPositions(b.lab) : b.lab;
  const count = Object.keys(lab.nodes).length;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.getByTestId('title').waitFor();
    await page.locator('html[data-startup="done"]').waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForTimeout(500);

    await browser.startTracing(page, { categories: CATEGORIES });
    // (a) open
    // Open is done when the canvas's store holds all N nodes (`data-node-count`), the view is the
    // fitted one (its centre is the lab's centre) and what the user sees is complete: in overview
    // mode (a big lab zoomed far out: no cards, one painted canvas) the overview has painted all N
    // nodes; otherwise every node whose top-left corner lies in the view is in the DOM as
    // [data-node] — the canvas mounts only the nodes in view (onlyRenderVisibleElements).
    const pts = Object.values(lab.nodes).map((nd) => [nd.position?.x ?? 0, nd.position?.y ?? 0]);
    const names = Object.keys(lab.nodes);
    await page.evaluate(`(() => {
      const want = ${count}, name = ${JSON.stringify(lab.name)}, pts = ${JSON.stringify(pts)}, names = ${JSON.stringify(names)};
      let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
      for (const [x, y] of pts) { x1 = Math.min(x1, x); y1 = Math.min(y1, y); x2 = Math.max(x2, x + 170); y2 = Math.max(y2, y + 60); }
      const cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
      const done = () => {
        const t = document.querySelector('[data-testid="title"]')?.textContent ?? '';
        const canvas = document.querySelector('[data-testid="canvas"]');
        if (!t.includes(name) || canvas?.getAttribute('data-node-count') !== String(want)) return false;
        const flow = canvas.querySelector('.react-flow'), vp = canvas.querySelector('.react-flow__viewport');
        if (!flow || !vp) return false;
        const m = (vp.style.transform.match(/-?[0-9]+(?:[.][0-9]+)?(?:e[+-]?[0-9]+)?/g) || []).map(Number);
        if (m.length < 3) return false;
        const [tx, ty, z] = m, r = flow.getBoundingClientRect();
        const vx = -tx / z, vy = -ty / z, vw = r.width / z, vh = r.height / z;
        if (Math.abs(vx + vw / 2 - cx) > 40 || Math.abs(vy + vh / 2 - cy) > 40) return false;
        const shown = new Set([...document.querySelectorAll('[data-node]')].map((e) => e.getAttribute('data-node')));
        const overview = canvas.getAttribute('data-overview') === 'true';
        const drawn = Number(canvas.getAttribute('data-overview-drawn') ?? 0);
        if (overview && drawn !== want) return false;
        let inView = 0;
        for (let i = 0; i < pts.length; i++) {
          const [x, y] = pts[i];
          if (x > vx + 1 && x < vx + vw - 1 && y > vy + 1 && y < vy + vh - 1) {
            inView++;
            if (!overview && !shown.has(names[i])) return false;
          }
        }
        window.__nslabOpenCounts = { inView, inDom: shown.size, criterion: overview ? 'overview' : 'dom', overviewDrawn: overview ? drawn : 0 };
        return true;
      };
      // One pixel the bench repaints at the mark, so a frame is drawn after it even when the page
      // has nothing more to draw (the open's last frame can come before the poll that sees it).
      const tick = document.createElement('div');
      tick.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;background:transparent';
      document.body.appendChild(tick);
      let ended = false;
      const end = () => {
        if (!ended && done()) { ended = true; performance.mark('nslab-open-end'); tick.style.background = 'rgba(0,0,0,0.01)'; }
        return ended;
      };
      const poll = () => { if (!end()) requestAnimationFrame(poll); };
      // The overview sets data-overview-drawn right after it paints (in a requestAnimationFrame
      // callback); checked at once, the mark lands in the frame that shows the painting (a poll in
      // the next frame's rAF would come after that frame's DrawFrame, and an unchanged page draws
      // no further frame to end the open on).
      new MutationObserver(() => { end(); }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-overview-drawn'] });
      window.__nslabOpenPoll = poll;
    })()`);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('open').click();
    const fc = await chooser;
    await page.evaluate(`performance.mark('nslab-open-start'); requestAnimationFrame(window.__nslabOpenPoll)`);
    await fc.setFiles({ name: `${lab.name}.yaml`, mimeType: 'application/yaml', buffer: Buffer.from(serializeLab(lab)) });
    // (a function, not a string: the page's CSP forbids eval; `performance` is the page's here)
    await page.waitForFunction(() => performance.getEntriesByName('nslab-open-end').length > 0, undefined, { timeout: 120_000, polling: 100 });
    const openCounts = await page.evaluate('window.__nslabOpenCounts') as Pick<RendererRow, 'inView' | 'inDom' | 'criterion' | 'overviewDrawn'>;
    // let the fitView (60 ms after load) and the measuring settle before panning
    await page.waitForTimeout(1500);

    // (b) pan on empty canvas
    const at = await page.evaluate(`(() => {
      const r = document.querySelector('[data-testid="canvas"]').getBoundingClientRect();
      for (let y = r.top + r.height * 0.3; y < r.bottom - 40; y += 7)
        for (let x = r.left + r.width * 0.3; x < r.right - 200; x += 7) {
          const e = document.elementFromPoint(x, y);
          if (e && e.classList.contains('react-flow__pane')) return { x, y };
        }
      return null;
    })()`) as { x: number; y: number } | null;
    if (!at) throw new Error('no empty spot on the canvas to pan from');
    // The mouse is driven over CDP like a 60 Hz mouse whose moves the browser coalesces: every
    // 16 ms the pointer's new place is sent, unless the previous move is still being processed
    // (then that sample is merged into the next one). Playwright's mouse.move would instead wait
    // for each ack (input rate = round-trip rate), and sending every sample regardless floods the
    // page with uncoalesced events (headless Chromium does not merge CDP moves).
    const cdp = await page.context().newCDPSession(page);
    const mouse = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', x: number, y: number) =>
      cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: type === 'mouseMoved' ? 0 : 1 });
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: at.x, y: at.y, button: 'none', buttons: 0 });
    await mouse('mousePressed', at.x, at.y);
    await page.evaluate(`performance.mark('nslab-pan-start')`);
    const t0 = Date.now();
    let moves = 0;
    let inFlight: Promise<unknown> | null = null;
    const pending: Promise<unknown>[] = [];
    while (Date.now() - t0 < 2000) {
      const t = (Date.now() - t0) / 1000;
      if (!inFlight) {
        // back and forth, 150 px each way, one cycle a second
        const p: Promise<unknown> = mouse('mouseMoved', at.x + 150 * Math.sin(2 * Math.PI * t), at.y + 60 * Math.sin(4 * Math.PI * t)).finally(() => { inFlight = null; });
        inFlight = p;
        pending.push(p);
        moves++;
      }
      await new Promise((r) => setTimeout(r, 16));
    }
    await Promise.all(pending);
    await page.evaluate(`performance.mark('nslab-pan-end')`);
    await mouse('mouseReleased', at.x, at.y);
    await cdp.detach();
    await page.waitForTimeout(200);
    const raw = await browser.stopTracing();
    if (process.env.NSLAB_RENDERER_TRACES) writeFileSync(join(process.env.NSLAB_RENDERER_TRACES, `${lab.name}.json`), raw);
    const trace = JSON.parse(raw.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const events = Array.isArray(trace) ? trace : trace.traceEvents;
    return { topology, nodes: count, links: (lab.links ?? []).length, positioned, ...openCounts, ...analyse(events, moves) };
  } finally {
    await context.close().catch(() => {});
  }
}

function analyse(events: TraceEvent[], moves: number): Omit<RendererRow, 'topology' | 'nodes' | 'links' | 'positioned' | 'inView' | 'inDom' | 'criterion' | 'overviewDrawn'> {
  const mark = (name: string) => {
    const e = events.find((x) => x.name === name && x.cat.includes('blink.user_timing'));
    if (!e) throw new Error(`trace has no mark ${name}`);
    return e;
  };
  const openStart = mark('nslab-open-start'), openEnd = mark('nslab-open-end');
  const panStart = mark('nslab-pan-start'), panEnd = mark('nslab-pan-end');
  const pid = openStart.pid;
  const threadNames = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.pid === pid) threadNames.set(e.tid, String(e.args?.name));
  const main = [...threadNames].find(([, v]) => v === 'CrRendererMain')?.[0] ?? openStart.tid;
  const inPid = events.filter((e) => e.pid === pid);
  const draws = inPid.filter((e) => e.name === 'DrawFrame').map((e) => e.ts).sort((a, b) => a - b);
  const mainFrames = inPid.filter((e) => e.tid === main && e.name === 'BeginMainThreadFrame');
  const tasks = inPid.filter((e) => e.tid === main && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && (e.dur ?? 0) >= 50_000);
  // nested RunTasks: keep top-level ones only
  const top = tasks.filter((t) => !tasks.some((o) => o !== t && o.ts <= t.ts && o.ts + o.dur! >= t.ts + t.dur! && o.dur! > t.dur!));
  const within = (a: number, b: number) => top.filter((t) => t.ts + t.dur! > a && t.ts < b);
  const stats = (ts: TraceEvent[]) => ({ count: ts.length, totalMs: ts.reduce((s, t) => s + t.dur! / 1000, 0), maxMs: Math.max(0, ...ts.map((t) => t.dur! / 1000)) });
  const firstDraw = draws.find((t) => t >= openEnd.ts) ?? openEnd.ts;
  const panMs = (panEnd.ts - panStart.ts) / 1000;
  const drawFrames = draws.filter((t) => t >= panStart.ts && t <= panEnd.ts).length;
  const main2 = mainFrames.filter((e) => e.ts >= panStart.ts && e.ts <= panEnd.ts).length;
  const openTasks = within(openStart.ts, firstDraw);
  return {
    openMs: (firstDraw - openStart.ts) / 1000,
    openDomMs: (openEnd.ts - openStart.ts) / 1000,
    openLongTasks: stats(openTasks),
    openTasks: openTasks.map((t) => [Math.round((t.ts - openStart.ts) / 1000), Math.round(t.dur! / 1000)]),
    pan: {
      ms: panMs, drawFrames, fps: drawFrames / (panMs / 1000), mainFrames: main2, mainFps: main2 / (panMs / 1000), moves,
      longTasks: stats(within(panStart.ts, panEnd.ts)),
    },
  };
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);

export function rendererTable(rows: RendererRow[]): string {
  const base = new Map(rows.filter((r) => r.nodes === Math.min(...rows.filter((x) => x.topology === r.topology).map((x) => x.nodes))).map((r) => [r.topology, r]));
  const head = ['topology', 'nodes', 'links', 'open criterion', 'in view / in DOM / painted', 'open', 'open (DOM)', 'open ×smallest', 'long tasks (open)', 'pan fps', 'main fps', 'pan ×smallest', 'long tasks (pan)'];
  const body = rows.map((r) => {
    const b = base.get(r.topology)!;
    return [
      `${r.topology}${r.positioned ? '' : ' (elk)'}`, String(r.nodes), String(r.links), r.criterion, `${r.inView} / ${r.inDom} / ${r.overviewDrawn}`, ms(r.openMs), ms(r.openDomMs), (r.openMs / b.openMs).toFixed(2),
      `${r.openLongTasks.count} / ${ms(r.openLongTasks.totalMs)} (max ${ms(r.openLongTasks.maxMs)})`,
      r.pan.fps.toFixed(1), r.pan.mainFps.toFixed(1), (r.pan.fps / b.pan.fps).toFixed(2),
      `${r.pan.longTasks.count} / ${ms(r.pan.longTasks.totalMs)}`,
    ];
  });
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  return [line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** Measure every size × topology; one server and one browser for all, both stopped at the end. */
export async function runRendererBench(opts: { sizes: number[]; topologies: Topology[]; unpositioned?: boolean; log?: (s: string) => void }): Promise<{ rows: RendererRow[]; file: string }> {
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'));
  const server = await startWebServerProcess();
  let browser: Browser | undefined;
  let version = '';
  const rows: RendererRow[] = [];
  try {
    browser = await launchChromium();
    version = browser.version();
    for (const n of opts.sizes) for (const t of opts.topologies) for (const positioned of opts.unpositioned ? [true, false] : [true]) {
      const r = await measureOne(browser, server, t, n, positioned);
      log(`renderer ${t} ${r.nodes}${positioned ? '' : ' (elk)'}: ${r.criterion} criterion, ${r.inView} in view, ${r.inDom} in DOM, ${r.overviewDrawn} painted; open ${ms(r.openMs)} (DOM ${ms(r.openDomMs)}, ${r.openLongTasks.count} long tasks), pan ${r.pan.fps.toFixed(1)} fps (main ${r.pan.mainFps.toFixed(1)}, ${r.pan.moves} moves)`);
      rows.push(r);
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const out = join(here, 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `renderer-${stamp}.json`);
  const meta = { stamp, cpus: cpus().length, chromium: version, headless: true, gpu: false, node: process.version };
  writeFileSync(file, JSON.stringify({ meta, rows }, null, 1));
  return { rows, file };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '50,200,1000' }, topologies: { type: 'string', default: 'chain,tree' }, 'renderer-unpositioned': { type: 'boolean' } } });
  const { rows, file } = await runRendererBench({ sizes: values.sizes!.split(',').map(Number), topologies: values.topologies!.split(',') as Topology[], unpositioned: values['renderer-unpositioned'] });
  console.log(rendererTable(rows));
  console.log(`\nresults: ${file.slice(file.indexOf('bench/'))}`);
}
