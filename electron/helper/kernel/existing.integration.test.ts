/**
 * existingOf: which of some names are pinned under /run/netns, with the namespace's inode (the
 * one `stat` gives through the bind mount), through the addon's one-call path and the per-name
 * stat fallback alike — compared with what `ip netns` and `stat -L` report.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uniqueName } from '../../../testing/labs';
import { removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { nsfd } from './nl/native';
import { existingOf } from './observer';

describeRoot('existingOf', () => {
  const prefix = `nslab-${uniqueName('ex')}-`;
  const made = [`${prefix}a`, `${prefix}b`, `${prefix}c`];
  beforeAll(() => { for (const ns of made) execFileSync('ip', ['netns', 'add', ns]); });
  afterAll(() => { removeNetnsWithPrefix(prefix); delete process.env.NSLAB_EXECUTOR; });

  const asked = [...made, `${prefix}missing`, made[0]!, '', '.', '..', '../netns', `x/${made[0]}`, 'n'.repeat(300)];
  const kernel = () => new Map(made.map((ns) => [ns, Number(execFileSync('stat', ['-L', '-c', '%i', `/run/netns/${ns}`], { encoding: 'utf8' }).trim())]));

  it.each([['addon', false], ['stat per name', true]] as const)('%s: the namespaces present, with their inodes', (_how, fallback) => {
    if (!fallback) expect(nsfd()?.inodesIn, 'the nsfd addon (version 6) is built').toBeTypeOf('function');
    if (fallback) process.env.NSLAB_EXECUTOR = 'iproute2';
    try {
      const got = existingOf(asked);
      expect(got).toEqual(kernel());
      // the namespace's own inode (nsfs), not the placeholder file's under /run/netns
      const ns = execFileSync('ip', ['netns', 'exec', made[1]!, 'stat', '-L', '-c', '%i', '/proc/self/ns/net'], { encoding: 'utf8' }).trim();
      expect(got.get(made[1]!)).toBe(Number(ns));
    } finally { delete process.env.NSLAB_EXECUTOR; }
  });
});
