// Root: ownership is enforced by the helper itself, whichever way a request arrives — the CLI, the
// helper's stdio protocol, or browser mode's WebSocket. A ledger is hand-forged to name namespaces
// that are not the lab's: a stranger's (`foreign-…`), one named like nslab's with its real inode
// (what inode reuse looks like), another lab's whose name shares the prefix, and a name for the
// host's own namespace. Every attempt to delete or exec into them is refused and they survive.
// Nothing is created in, or changed in, the host namespace; its `lo` is only read.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nsName } from '../../shared/net/names';
import { loadExample, uniqueName } from '../../testing/labs';
import { ipJson, netnsList } from '../../testing/netns';
import { describeRoot } from '../../testing/root';
import { createBackend, type Backend } from '../host/backend';
import { defaultExamplesDir } from '../host/examples';
import { HelperClient } from '../host/helper-client';
import { defaultHelperLaunch } from '../host/helper-launch';
import { startWebServer, type WebServer } from '../web/server';
import { apply, destroy, execInNode, ownedNodeNs } from './engine';
import { runChecks } from './checks/runner';
import { runStats } from './kernel/run';

const cli = fileURLToPath(new URL('../../bin/nslab.js', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const helperEntry = fileURLToPath(new URL('./main.ts', import.meta.url));

const F = uniqueName('f'); // the lab whose ledger is forged
const L = `${F}-q`; // a real lab whose namespaces share F's prefix: nslab-F-q-h1 reads as F's node "q-h1"
const lookalike = nsName(F, 'x'); // named like F's node, made by the test
const foreign = `foreign-${uniqueName('')}`;
const lookalikeOfL = nsName(L, 'x');
const hostHandle = nsName(F, 'host'); // a name for the host's own network namespace
const created: string[] = [];
let runDir: string;
let prevRunDir: string | undefined;
const marker = join(tmpdir(), `nslab-pwned-${process.pid}-${Date.now()}`);

const inode = (ns: string) => statSync(`/run/netns/${ns}`).ino;
/** The host's loopback as the kernel reports it (counters left out): must never change. */
const hostLo = () => {
  const { stats64: _s, ...link } = ipJson(null, '-d', '-s', 'link', 'show', 'dev', 'lo')[0];
  return { link, addrs: ipJson(null, 'addr', 'show', 'dev', 'lo')[0].addr_info };
};
let hostLoBefore: unknown;

function forgeLedger(): Record<string, number> {
  const ns = {
    [foreign]: { node: 'x', inode: inode(foreign) },
    [lookalike]: { node: 'x', inode: inode(lookalike) },
    [nsName(L, 'h1')]: { node: 'q-h1', inode: inode(nsName(L, 'h1')) },
    [hostHandle]: { node: 'host', inode: inode(hostHandle) },
  };
  mkdirSync(join(runDir, 'labs'), { recursive: true });
  writeFileSync(join(runDir, 'labs', `${F}.json`), JSON.stringify({ version: 1, lab: F, file: null, updatedAt: new Date().toISOString(), namespaces: ns, spec: null }));
  return Object.fromEntries(Object.entries(ns).map(([k, v]) => [k, v.inode]));
}

/** Every namespace the attacks aim at still exists, with the same inode. */
function allSurvive(inodes: Record<string, number>): void {
  const present = netnsList();
  for (const [ns, ino] of Object.entries(inodes)) {
    expect(present, ns).toContain(ns);
    expect(inode(ns), ns).toBe(ino);
  }
  expect(present).toContain(lookalikeOfL);
  expect(present).toContain(nsName(L, 'h2'));
  expect(existsSync(marker), 'a refused exec ran anyway').toBe(false);
  expect(hostLo()).toEqual(hostLoBefore);
}

const nslab = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NSLAB_RUN_DIR: runDir } });

describeRoot('ownership is enforced in the helper, through every entry point', () => {
  beforeAll(async () => {
    prevRunDir = process.env.NSLAB_RUN_DIR;
    runDir = mkdtempSync(join(tmpdir(), 'nslab-own-run-'));
    process.env.NSLAB_RUN_DIR = runDir;
    hostLoBefore = hostLo();
    await apply(loadExample('two-hosts.yaml', L));
    for (const ns of [lookalike, foreign, lookalikeOfL]) { execFileSync('ip', ['netns', 'add', ns]); created.push(ns); }
    // names the host's namespace (a bind mount in /run/netns); deleting the name never deletes the namespace
    execFileSync('ip', ['netns', 'attach', hostHandle, String(process.pid)]);
    created.push(hostHandle);
    expect(inode(hostHandle)).toBe(statSync('/proc/self/ns/net').ino);
  });

  afterAll(async () => {
    try { await destroy(L); } catch { /* reported by the tests */ }
    for (const ns of created) { try { execFileSync('ip', ['netns', 'del', ns]); } catch { /* gone */ } }
    rmSync(marker, { force: true });
    if (prevRunDir === undefined) delete process.env.NSLAB_RUN_DIR;
    else process.env.NSLAB_RUN_DIR = prevRunDir;
    expect(netnsList().filter((n) => n.startsWith(`nslab-${F}-`) || n === foreign)).toEqual([]);
  });

  it('engine: destroy of a forged ledger removes nothing it names; exec into them is refused', async () => {
    const inodes = forgeLedger();
    expect(await destroy(F)).toEqual([]);
    allSurvive(inodes);
    forgeLedger();
    for (const node of ['x', 'host', 'q-h1']) {
      const before = runStats.spawned;
      await expect(execInNode(F, node, ['touch', marker])).rejects.toMatchObject({ code: 'not-owned' });
      // refused after reading (`ip netns list`, then the namespace's loopback tag); the marker
      // below proves the command itself never ran
      expect(runStats.spawned - before).toBeLessThanOrEqual(2);
    }
    await expect(ownedNodeNs(L, 'x')).rejects.toMatchObject({ code: 'not-owned' });
    allSurvive(inodes);
    // the real lab is still its own
    expect(await ownedNodeNs(L, 'h1')).toBe(nsName(L, 'h1'));
  });

  it('engine: a ledger entry whose inode is null (setup never finished) is honoured only for a namespace named like the lab\'s', async () => {
    const leftover = nsName(F, 'y');
    execFileSync('ip', ['netns', 'add', leftover]);
    created.push(leftover);
    mkdirSync(join(runDir, 'labs'), { recursive: true });
    writeFileSync(join(runDir, 'labs', `${F}.json`), JSON.stringify({ version: 1, lab: F, file: null, updatedAt: '', spec: null, namespaces: {
      [leftover]: { node: 'y', inode: null }, [foreign]: { node: 'x', inode: null }, [hostHandle]: { node: 'host', inode: null }, [nsName(L, 'h2')]: { node: 'q-h2', inode: null },
    } }));
    // documented weaker case: name + ledger are the only evidence for an untagged leftover
    expect(await destroy(F)).toEqual([leftover]);
    const present = netnsList();
    for (const ns of [foreign, hostHandle, nsName(L, 'h2')]) expect(present, ns).toContain(ns);
  });

  it('CLI: `nslab down` of the forged lab and `nslab exec` into foreign namespaces are refused', () => {
    const inodes = forgeLedger();
    const down = nslab('down', F);
    expect(down.status, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/\(0 namespaces\)/);
    allSurvive(inodes);
    forgeLedger();
    for (const [lab, node] of [[F, 'x'], [F, 'host'], [F, 'q-h1'], [L, 'x']] as const) {
      const r = nslab('exec', lab, node, '--', 'touch', marker);
      expect(r.status, `${lab} ${node}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(/has no running node/);
    }
    allSurvive(inodes);
  });

  it('helper protocol: destroy and exec frames for foreign targets are refused', async () => {
    const inodes = forgeLedger();
    const child = spawn(process.execPath, ['--import', tsx, helperEntry], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NSLAB_RUN_DIR: runDir } });
    const replies = new Map<number, any>();
    let buf = '';
    child.stdout.on('data', (c: Buffer) => {
      buf += c;
      for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) {
        const f = JSON.parse(buf.slice(0, i));
        if (typeof f.id === 'number') replies.set(f.id, f.reply);
      }
    });
    const send = (id: number, method: string, params: unknown) => child.stdin.write(`${JSON.stringify({ id, method, params })}\n`);
    const wait = async (id: number) => {
      for (let t = 0; !replies.has(id) && t < 400; t++) await new Promise((r) => setTimeout(r, 50));
      return replies.get(id);
    };
    try {
      send(1, 'destroy', { name: F });
      expect(await wait(1)).toEqual({ ok: true, value: { removed: [] } });
      allSurvive(inodes);
      forgeLedger();
      const targets = [[F, 'x'], [F, 'host'], [F, 'q-h1'], [L, 'x']];
      targets.forEach(([name, node], i) => send(10 + i, 'exec', { name, node, argv: ['touch', marker] }));
      for (let i = 0; i < targets.length; i++) expect(await wait(10 + i)).toMatchObject({ ok: false, code: 'not-owned' });
      // the host's lo as an interface of a lab: refused as invalid, nothing created
      send(20, 'apply', { lab: { name: F, nodes: { h1: { kind: 'host' }, h2: { kind: 'host' } }, links: [['h1:lo', 'h2:eth0']] } });
      expect(await wait(20)).toMatchObject({ ok: false, code: 'invalid' });
      send(21, 'destroy', { name: '../../etc' });
      expect(await wait(21)).toMatchObject({ ok: false, code: 'invalid-params' });
      allSurvive(inodes);
    } finally {
      child.stdin.end();
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('browser mode: the same requests over a real WebSocket to the real server are refused', async () => {
    const inodes = forgeLedger();
    const dir = mkdtempSync(join(tmpdir(), 'nslab-own-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const helper = new HelperClient({ launch: defaultHelperLaunch, log: () => {} });
    const backend: Backend = createBackend({ helper, examplesDir: defaultExamplesDir() });
    const server: WebServer = await startWebServer({ api: backend, staticDir: dir, log: () => {} });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${new URL(server.url).searchParams.get('token')}`, { headers: { Origin: server.origin } });
    const replies = new Map<number, any>();
    ws.on('message', (d) => { const f = JSON.parse(d.toString()); if (typeof f.id === 'number') replies.set(f.id, f.reply); });
    const wait = async (id: number) => {
      for (let t = 0; !replies.has(id) && t < 400; t++) await new Promise((r) => setTimeout(r, 50));
      return replies.get(id);
    };
    try {
      await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
      ws.send(JSON.stringify({ id: 1, method: 'destroy', params: { name: F } }));
      expect(await wait(1)).toEqual({ ok: true, value: { removed: [] } });
      allSurvive(inodes);
      forgeLedger();
      const targets = [[F, 'x'], [F, 'host'], [F, 'q-h1'], [L, 'x']];
      targets.forEach(([name, node], i) => ws.send(JSON.stringify({ id: 10 + i, method: 'exec', params: { name, node, argv: ['touch', marker] } })));
      for (let i = 0; i < targets.length; i++) expect(await wait(10 + i)).toMatchObject({ ok: false, code: 'not-owned' });
      ws.send(JSON.stringify({ id: 20, method: 'apply', params: { lab: { name: F, nodes: { h1: { kind: 'host' }, h2: { kind: 'host' } }, links: [['h1:lo', 'h2:eth0']] } } }));
      expect(await wait(20)).toMatchObject({ ok: false, code: 'invalid' });
      allSurvive(inodes);
    } finally {
      ws.close();
      await server.close();
      await backend.close();
    }
  });

  it('check commands are argv: shell metacharacters are passed literally, through exec and checks', async () => {
    const literal = `; touch ${marker}`;
    const echo = await execInNode(L, 'h1', ['echo', literal]);
    expect(echo).toMatchObject({ exitCode: 0, stdout: literal });
    expect((await execInNode(L, 'h1', [`true; touch ${marker}`])).exitCode).not.toBe(0);
    expect((await execInNode(L, 'h1', ['sleep', `0 && touch ${marker}`])).exitCode).not.toBe(0);
    const r = nslab('exec', L, 'h1', '--', `$(touch ${marker})`);
    expect(r.status).not.toBe(0);
    const lab = loadExample('two-hosts.yaml', L);
    lab.checks = [
      { from: 'h1', command: ['echo', literal], expect: { exit: 0, output: '^; touch ' } },
      { from: 'h1', command: [`true; touch ${marker}`], expect: 'fail' },
      { from: 'h1', command: ['echo', `\`touch ${marker}\``, '|', 'sh'] },
    ];
    const report = await runChecks(lab);
    expect(report.results.map((x) => x.pass)).toEqual([true, true, true]);
    expect(existsSync(marker)).toBe(false);
  });
});
