/**
 * NetnsInodes: inodes under /run/netns remembered between calls, and forgotten on every kind of
 * change that can make a name mean another namespace — compared each time with `stat -L`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { uniqueName } from '../../../testing/labs';
import { removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { nsfd } from './nl/native';
import { NetnsInodes } from './netns-watch';

describeRoot('NetnsInodes', () => {
  const prefix = `nslab-${uniqueName('nw')}-`;
  const [a, b, c, plain] = [`${prefix}a`, `${prefix}b`, `${prefix}c`, `${prefix}plain`];
  const names = [a, b, c, plain];
  const mounted: string[] = [];
  let w: NetnsInodes;

  beforeAll(() => {
    for (const ns of [a, b]) execFileSync('ip', ['netns', 'add', ns]);
    const native = nsfd();
    if (!NetnsInodes.supported(native)) throw new Error('the nsfd addon (version 7) is not built: npm run build:native');
    w = new NetnsInodes(native, '/run/netns');
  });
  afterEach(() => {
    while (mounted.length) execFileSync('umount', [mounted.pop()!]);
    rmSync(`/run/netns/${plain}`, { force: true });
  });
  afterAll(() => { w?.close(); removeNetnsWithPrefix(prefix); });

  /** what the kernel says now: stat -L through the bind mount, -1 for no such file */
  const kernel = () => names.map((n) => (existsSync(`/run/netns/${n}`) ? Number(execFileSync('stat', ['-L', '-c', '%i', `/run/netns/${n}`], { encoding: 'utf8' }).trim()) : -1));
  /** the answers, and whether they were read from the kernel (stats made) or remembered */
  const ask = () => { const before = w.stats; const got = w.inodes(names); return { got, stats: w.stats - before }; };

  it('answers like stat -L, and a second call with nothing changed reads nothing', () => {
    expect(ask()).toEqual({ got: kernel(), stats: names.length });
    execFileSync('touch', ['/tmp']); // a change elsewhere is no change here
    expect(ask()).toEqual({ got: kernel(), stats: 0 });
  });

  it('a namespace added is seen at the next call', () => {
    ask();
    execFileSync('ip', ['netns', 'add', c]);
    const r = ask();
    expect(r.got[2]).toBeGreaterThan(0);
    expect(r).toEqual({ got: kernel(), stats: names.length });
    // the change's events were read and the watch kept: with nothing new, nothing is read again
    expect(ask()).toEqual({ got: kernel(), stats: 0 });
    // and the kept watch still sees the next change
    execFileSync('ip', ['netns', 'del', c]);
    expect(ask()).toEqual({ got: kernel(), stats: names.length });
  });

  it('a namespace deleted and made again under its name: the new inode', () => {
    const before = ask().got[0];
    execFileSync('ip', ['netns', 'del', a]);
    execFileSync('ip', ['netns', 'add', a]);
    const r = ask();
    expect(r.got[0]).not.toBe(before);
    expect(r.got).toEqual(kernel());
  });

  it('another namespace mounted over one of ours (no file created or removed): seen', () => {
    const before = ask();
    expect(before.got[0]).not.toBe(before.got[1]);
    execFileSync('mount', ['--bind', `/run/netns/${b}`, `/run/netns/${a}`]);
    mounted.push(`/run/netns/${a}`);
    const r = ask();
    expect(r.got[0]).toBe(before.got[1]);
    expect(r.got).toEqual(kernel());
    execFileSync('umount', [mounted.pop()!]);
    expect(ask().got).toEqual(kernel());
  });

  it('a plain file made under a name, and removed: seen both times', () => {
    ask();
    writeFileSync(`/run/netns/${plain}`, '');
    expect(ask().got).toEqual(kernel());
    expect(ask().got[3]).toBeGreaterThan(0);
    rmSync(`/run/netns/${plain}`);
    const r = ask();
    expect(r.got[3]).toBe(-1);
    expect(r.got).toEqual(kernel());
  });

  it('a name renamed into the directory: seen', () => {
    ask();
    const tmp = `/run/netns/.${prefix}tmp`;
    writeFileSync(tmp, '');
    ask();
    execFileSync('mv', [tmp, `/run/netns/${plain}`]);
    const r = ask();
    expect(r.got[3]).toBeGreaterThan(0);
    expect(r.got).toEqual(kernel());
  });
});
