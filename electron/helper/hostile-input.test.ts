// Hostile input at the engine and executor: whatever the parser refuses, the engine refuses with
// code `invalid` before any process starts (runStats.spawned does not move), and each named attack
// (`../` in names, bad interface names, sysctl keys leaving net.*, forged operations) is refused
// at the layer that would otherwise act on it. No root needed: nothing here reaches the kernel.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLab, parseLab } from '../../shared/lab/parse';
import { formatPath } from '../../shared/lab/issues';
import type { Op } from '../../shared/ops/types';
import { exampleTexts, mutatedExampleArb } from '../../testing/hostile';
import { apply, destroy, execInNode, ownedNodeNs, plan, status } from './engine';
import { execute, PlanRefused } from './kernel/executor';
import { runSysctl, runStats } from './kernel/run';
import { lockLab, readLedger, writeLedger, emptyLedger } from './ledger';

let prevRunDir: string | undefined;
beforeAll(() => {
  prevRunDir = process.env.NSLAB_RUN_DIR;
  process.env.NSLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'nslab-hostile-'));
});
afterAll(() => {
  if (prevRunDir === undefined) delete process.env.NSLAB_RUN_DIR;
  else process.env.NSLAB_RUN_DIR = prevRunDir;
});

/** `f` rejects with code `invalid` (EngineError) and starts no process. */
async function refusedInvalid(f: () => Promise<unknown>): Promise<void> {
  const before = runStats.spawned;
  const e = await f().then(() => null, (x: unknown) => x);
  expect(e, 'expected a refusal').toMatchObject({ code: 'invalid' });
  expect(runStats.spawned - before).toBe(0);
}

const base = parse(exampleTexts.find((e) => e.file === 'two-hosts.yaml')!.text) as Record<string, any>;
const variant = (f: (lab: Record<string, any>) => void) => { const l = structuredClone(base); f(l); return l; };

describe('engine: every invalid lab is refused before the kernel (properties)', () => {
  it('mutated example labs: invalid → apply and plan reject with `invalid`, nothing spawned', async () => {
    let invalid = 0;
    await fc.assert(fc.asyncProperty(mutatedExampleArb, async ({ lab }) => {
      const r = checkLab(lab);
      if (r.ok) return; // a mutation that kept the lab valid is not hostile input; never deploy it here
      invalid++;
      await refusedInvalid(() => apply(lab));
      await refusedInvalid(() => plan(lab));
    }), { numRuns: 150 });
    expect(invalid).toBeGreaterThan(50);
  });

  it('arbitrary values: apply rejects every one checkLab refuses', async () => {
    await fc.assert(fc.asyncProperty(fc.anything({ maxDepth: 3 }), async (v) => {
      if (checkLab(v).ok) return;
      await refusedInvalid(() => apply(v));
    }), { numRuns: 150 });
  });
});

describe('`../` and friends in every name that becomes a path or a namespace', () => {
  const badLabs = ['../etc', '..', 'a/b', 'a/../../x', '.nslab', 'Lab', 'lab name', 'lab\n', 'x'.repeat(17), '', '-rf', 'lаb'];
  const badNodes = ['../h1', 'h1/..', '..', 'h1\n', 'h 1', '-n', 'a'.repeat(25), 'h1;rm', 'һ1'];

  it('lab files: a bad lab name or node name is a located issue', () => {
    for (const name of badLabs) {
      const r = checkLab(variant((l) => { l.name = name; }));
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => formatPath(i.path))).toContain('name');
    }
    for (const node of badNodes) {
      const r = checkLab(variant((l) => { l.nodes[node] = { kind: 'host' }; }));
      expect(r.ok, node).toBe(false);
      if (!r.ok) expect(r.issues.some((i) => i.path[0] === 'nodes' && i.path[1] === node && /node name/.test(i.message))).toBe(true);
    }
  });

  it('engine entry points taking names refuse them before any file or process is touched', async () => {
    for (const lab of badLabs) {
      await refusedInvalid(() => destroy(lab));
      await refusedInvalid(() => ownedNodeNs(lab, 'h1'));
      await refusedInvalid(() => execInNode(lab, 'h1', ['true']));
      await refusedInvalid(() => status(lab));
    }
    for (const node of badNodes) {
      await refusedInvalid(() => ownedNodeNs('lab', node));
      await refusedInvalid(() => execInNode('lab', node, ['true']));
    }
  });

  it('the ledger builds no path from a bad lab name (read, write, lock)', async () => {
    for (const lab of badLabs) {
      await expect(readLedger(lab)).rejects.toThrow(/not a lab name/);
      await expect(writeLedger({ ...emptyLedger('ok'), lab })).rejects.toThrow(/not a lab name/);
      await expect(lockLab(lab)).rejects.toThrow(/not a lab name/);
    }
  });
});

describe('interface names the kernel or iproute2 would misread', () => {
  const bad = ['eth/0', 'eth0\n', 'eth\n0', 'eth#0', 'eth 0', 'eth\t0', 'averyveryverylong', 'x'.repeat(16), '..', '.', 'eth:0', '-eth0', 'eth0\0', 'eth\u04300'];

  it('are refused as interface keys, link endpoints and route devices, each at its path', () => {
    for (const name of bad) {
      const asKey = checkLab(variant((l) => { l.nodes.h1.interfaces = { [name]: { addresses: ['10.0.0.1/24'] } }; }));
      expect(asKey.ok, JSON.stringify(name)).toBe(false);
      if (!asKey.ok) expect(asKey.issues.some((i) => i.path.join('.').startsWith('nodes.h1.interfaces'))).toBe(true);
      const asEndpoint = checkLab(variant((l) => { l.links = [[`h1:${name}`, 'h2:eth0']]; }));
      expect(asEndpoint.ok, JSON.stringify(name)).toBe(false);
      if (!asEndpoint.ok) expect(asEndpoint.issues.some((i) => i.path[0] === 'links')).toBe(true);
      const asDev = checkLab(variant((l) => { l.nodes.h1.routes = [{ to: '192.0.2.0/24', dev: name }]; }));
      expect(asDev.ok, JSON.stringify(name)).toBe(false);
      if (!asDev.ok) expect(asDev.issues.some((i) => i.path.join('.').startsWith('nodes.h1.routes.0'))).toBe(true);
    }
  });

  it('are refused by the executor too (a forged plan), before any process starts', async () => {
    for (const name of bad) {
      await expectRefused([{ kind: 'link.del', ns: 'nslab-t-h1', name }], 'invalid');
    }
  });

  it('`lo` is reserved: no lab may name it as a link endpoint', () => {
    const r = parseLab('name: demo\nnodes:\n  h1: { kind: host }\n  h2: { kind: host }\nlinks:\n  - [h1:lo, h2:eth0]\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/reserved/);
  });
});

describe('sysctl keys outside net.*', () => {
  const bad = ['kernel.panic', 'vm.drop_caches', 'net', 'net.', 'net..ipv4.ip_forward', 'net.ipv4/../../kernel/panic', 'net.//.kernel.panic',
    'net./..kernel.panic', 'net.ipv4.ip_forward/', 'net.ipv4./ip_forward', '/proc/sys/kernel/panic', 'net.ipv4.ip_forward\n', 'net.ipv4.ip_forward=1 kernel.panic'];

  it('are refused by the lab schema, at the key', () => {
    for (const key of bad) {
      const r = checkLab(variant((l) => { l.nodes.h1.sysctl = { [key]: '1' }; }));
      expect(r.ok, key).toBe(false);
      if (!r.ok) expect(r.issues.some((i) => i.path.join('.').startsWith('nodes.h1.sysctl'))).toBe(true);
    }
  });

  it('are refused by the executor and by runSysctl before any process starts', async () => {
    for (const key of bad) {
      await expectRefused([{ kind: 'sysctl.set', ns: 'nslab-t-h1', key, value: '1' }], 'invalid');
      await expectRefused([{ kind: 'sysctl.early', ns: 'nslab-t-h1', key, value: '1' }], 'invalid');
      const before = runStats.spawned;
      await expect(runSysctl('nslab-t-h1', [[key, '1']])).rejects.toThrow(/only net\.\* keys/);
      expect(runStats.spawned).toBe(before);
    }
  });

  it('a key naming an interface with a dot (`/` inside one word) is still allowed to the executor', async () => {
    // the refusal must come from ownership (no such namespace is allowed), not from the key check
    await expectRefused([{ kind: 'sysctl.set', ns: 'nslab-x-h1', key: 'net.ipv4.conf.eth0/10.forwarding', value: '1' }], 'not-owned');
  });
});

const allowed = new Set(['nslab-t-h1', 'nslab-t-h2']);
async function expectRefused(ops: unknown[], code: 'invalid' | 'not-owned'): Promise<void> {
  const before = runStats.spawned;
  const e = await execute(ops as Op[], { allowedNs: allowed }).then(() => null, (x: unknown) => x);
  expect(e, JSON.stringify(ops)).toBeInstanceOf(PlanRefused);
  expect((e as PlanRefused).code, JSON.stringify(ops)).toBe(code);
  expect(runStats.spawned - before).toBe(0);
}

describe('executor: forged operations are refused before any process starts', () => {
  it('an operation on a namespace outside allowedNs, or on the host (ns null/absent)', async () => {
    await expectRefused([{ kind: 'link.del', ns: 'foreign-abc', name: 'eth0' }], 'not-owned');
    await expectRefused([{ kind: 'link.del', ns: null, name: 'lo' }], 'not-owned');
    await expectRefused([{ kind: 'link.set', ns: null, name: 'lo', up: false }], 'not-owned');
    await expectRefused([{ kind: 'link.set', name: 'lo', mtu: 1280 }], 'not-owned');
    await expectRefused([{ kind: 'addr.add', ns: '', dev: 'lo', cidr: '10.9.9.9/32' }], 'not-owned');
    // a whole plan is refused when one operation is foreign, even the last one
    await expectRefused([{ kind: 'netns.add', ns: 'nslab-t-h1' }, { kind: 'netns.del', ns: 'foreign-abc' }], 'not-owned');
  });

  it('netns add/del of a namespace the lab does not own', async () => {
    for (const ns of ['foreign-abc', 'nslab-other-h1', '../../proc/1/ns/net', '']) {
      await expectRefused([{ kind: 'netns.del', ns }], 'not-owned');
      await expectRefused([{ kind: 'netns.add', ns }], 'not-owned');
    }
  });

  it('a veth whose peer end lands in the host or a foreign namespace', async () => {
    for (const peerNs of [null, 'foreign-abc', '1']) {
      await expectRefused([{ kind: 'veth.add', ns: 'nslab-t-h1', name: 'eth0', mtu: 1500, mac: null, peerNs, peerName: 'eth9', peerMtu: 1500, peerMac: null }], 'not-owned');
    }
  });

  it('an unknown or prototype-named kind', async () => {
    for (const kind of ['shell', 'toString', '__proto__', 'constructor', undefined]) {
      await expectRefused([{ kind, ns: 'nslab-t-h1' }], 'invalid');
    }
    await expectRefused([null], 'invalid');
  });

  it('random forged operations never start a process unless every one is well-formed and owned', async () => {
    const kinds = ['netns.add', 'netns.del', 'link.del', 'link.set', 'addr.add', 'sysctl.set', 'bogus'];
    const opArb = fc.record({
      kind: fc.constantFrom(...kinds),
      ns: fc.constantFrom<unknown>(null, undefined, '', 'foreign-x', 'nslab-t-h9', '../x'),
      name: fc.constantFrom('eth0', 'lo', 'a b', 'e#', 'x'.repeat(16)),
      dev: fc.constantFrom('eth0', 'lo'), cidr: fc.constantFrom('10.0.0.1/24', 'x\ny'), key: fc.constantFrom('kernel.panic', 'net.//.kernel.panic'), value: fc.constant('1'),
    });
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 5 }), async (ops) => {
      const before = runStats.spawned;
      await expect(execute(ops as unknown as Op[], { allowedNs: allowed })).rejects.toBeInstanceOf(PlanRefused);
      expect(runStats.spawned).toBe(before);
    }), { numRuns: 200 });
  });
});
