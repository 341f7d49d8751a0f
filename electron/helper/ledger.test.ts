// The ledger file: atomic replacement, the parsed-value reuse, and the old file's release.
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyLedger, lockLab, LockedError, readLedger, removeLedger, writeLedger, type Ledger } from './ledger';

let dir: string;
const before = process.env.NSLAB_RUN_DIR;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'nslab-ledger-')); process.env.NSLAB_RUN_DIR = dir; });
afterEach(() => {
  if (before === undefined) delete process.env.NSLAB_RUN_DIR; else process.env.NSLAB_RUN_DIR = before;
  rmSync(dir, { recursive: true, force: true });
});

const ledger = (i: number): Ledger => ({
  ...emptyLedger('led'),
  file: `/labs/x${i}.yaml`,
  namespaces: { 'nslab-led-h1': { node: 'h1', inode: 1000 + i }, 'nslab-led-h2': { node: 'h2', inode: null } },
  spec: { name: 'led', nodes: { h1: { kind: 'host' }, h2: { kind: 'host', position: { x: i, y: 0 } } } },
});
/** this process's descriptors open on files under `dir` (deleted ones included) */
const openHere = () => readdirSync('/proc/self/fd').flatMap((fd) => {
  try { const t = readlinkSync(`/proc/self/fd/${fd}`); return t.startsWith(dir) ? [t] : []; } catch { return []; }
});
const tick = () => new Promise((r) => setTimeout(r, 50));

describe('ledger', () => {
  it('writes JSON that reads back as written, with the spec text given or rendered', async () => {
    const l = ledger(1);
    await writeLedger(l, JSON.stringify(l.spec));
    const text = readFileSync(join(dir, 'labs', 'led.json'), 'utf8');
    const parsed = JSON.parse(text) as Ledger;
    expect({ ...parsed, updatedAt: '' }).toEqual({ ...l, updatedAt: '' });
    expect(Object.keys(parsed)).toEqual(['version', 'lab', 'file', 'updatedAt', 'namespaces', 'spec']);
    await writeLedger({ ...l, spec: null });
    expect((JSON.parse(readFileSync(join(dir, 'labs', 'led.json'), 'utf8')) as Ledger).spec).toBeNull();
  });

  it('the namespaces written are always the record given: entries replaced, added, removed or reordered', async () => {
    const l = ledger(1);
    const check = async () => {
      await writeLedger(l, JSON.stringify(l.spec));
      const text = readFileSync(join(dir, 'labs', 'led.json'), 'utf8');
      expect(JSON.parse(text).namespaces).toEqual(JSON.parse(JSON.stringify(l.namespaces)));
      expect(text).toBe(JSON.stringify({ ...l, updatedAt: JSON.parse(text).updatedAt }));
      for (const e of Object.values(l.namespaces)) expect(Object.isFrozen(e)).toBe(true);
      expect(Object.isFrozen(l.namespaces)).toBe(true);
    };
    await check();
    await check(); // the same record again
    l.namespaces = { ...l.namespaces, 'nslab-led-h1': { node: 'h1', inode: 77 } };
    await check();
    l.namespaces = { ...l.namespaces, 'nslab-led-h3': { node: 'h3', inode: null } };
    await check();
    const { 'nslab-led-h2': _gone, ...rest } = l.namespaces;
    l.namespaces = rest;
    await check();
    l.namespaces = { 'nslab-led-h3': l.namespaces['nslab-led-h3']!, 'nslab-led-h1': l.namespaces['nslab-led-h1']! };
    await check();
    // the same entry object under another name
    l.namespaces = { 'nslab-led-h3': l.namespaces['nslab-led-h3']!, 'nslab-led-h4': l.namespaces['nslab-led-h1']! };
    await check();
    l.namespaces = {};
    await check();
  });

  it('a re-read of an unchanged file reuses its value; a file someone else wrote is read again', async () => {
    await writeLedger(ledger(2));
    const a = await readLedger('led');
    const b = await readLedger('led');
    expect(a!.spec).toBe(b!.spec);
    expect(a).not.toBe(b);
    // the record and its entries are frozen and shared: callers replace them, never change them
    expect(a!.namespaces).toBe(b!.namespaces);
    expect(() => { (a!.namespaces['nslab-led-h1'] as { inode: number | null }).inode = 7; }).toThrow();
    expect(() => { (a!.namespaces as Record<string, unknown>)['nslab-led-x'] = {}; }).toThrow();
    a!.namespaces = {};
    expect((await readLedger('led'))!.namespaces['nslab-led-h1']!.inode).toBe(1002);
    const other = { ...ledger(3), file: '/elsewhere.yaml' };
    writeFileSync(join(dir, 'labs', 'led.json'), JSON.stringify(other));
    expect((await readLedger('led'))!.file).toBe('/elsewhere.yaml');
  });

  it('keeps only the current file open, and nothing after removal', async () => {
    for (let i = 0; i < 8; i++) await writeLedger(ledger(i));
    await tick();
    const open = openHere();
    expect(open).toEqual([join(dir, 'labs', 'led.json')]);
    expect((await readLedger('led'))!.namespaces['nslab-led-h1']!.inode).toBe(1007);
    expect(readdirSync(join(dir, 'labs'))).toEqual(['led.json']);
    await removeLedger('led');
    await tick();
    expect(openHere()).toEqual([]);
    expect(await readLedger('led')).toBeNull();
  });

  it('makes its directories (0700) when missing, also after they were removed, and a lock is one file while held', async () => {
    const mode = (p: string) => statSync(p).mode & 0o777;
    for (let round = 0; round < 2; round++) {
      rmSync(join(dir, 'labs'), { recursive: true, force: true });
      rmSync(join(dir, 'locks'), { recursive: true, force: true });
      const unlock = await lockLab('led');
      expect(mode(join(dir, 'locks'))).toBe(0o700);
      expect(readFileSync(join(dir, 'locks', 'led.lock'), 'utf8')).toBe(String(process.pid));
      await writeLedger(ledger(round));
      expect(mode(join(dir, 'labs'))).toBe(0o700);
      expect(mode(join(dir, 'labs', 'led.json'))).toBe(0o600);
      await unlock();
      expect(existsSync(join(dir, 'locks', 'led.lock'))).toBe(false);
      await unlock(); // a second release finds nothing to remove and says nothing
    }
    // a lock held by a live process that is not this one is refused
    writeFileSync(join(dir, 'locks', 'led.lock'), String(process.ppid));
    await expect(lockLab('led')).rejects.toBeInstanceOf(LockedError);
    await removeLedger('led');
  });
});
