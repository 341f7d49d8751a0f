/**
 * The benchmark's "up" check is real: a generated chain passes it, and the same chain with one
 * cable broken fails it (ping across and every-link-up), so a fast but broken deploy cannot pass.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import type { Lab } from '../shared/lab/schema';
import { resolveLab } from '../shared/lab/resolve';
import { nsName } from '../shared/net/names';
import { uniqueName } from '../testing/labs';
import { netnsList, removeNetnsWithPrefix } from '../testing/netns';
import { describeRoot } from '../testing/root';
import { apply, destroy } from '../electron/helper/engine';
import { benchLab } from './labs';
import { linksNotUp, reachable } from './reach';

const made: string[] = [];
afterEach(async () => {
  for (const name of made.splice(0)) {
    await destroy(name).catch(() => {});
    removeNetnsWithPrefix(`nslab-${name}-`);
  }
});

async function up(lab: Lab): Promise<string[]> {
  made.push(lab.name);
  await apply(lab);
  return resolveLab(lab).nodes.map((n) => n.ns);
}

describeRoot('benchmark reachability check', () => {
  it('a healthy chain passes; the same chain with one cable down fails', async () => {
    const good = benchLab('chain', 6, uniqueName('bench'));
    const nss = await up(good.lab);
    const r = await reachable(nsName(good.lab.name, good.from), good.toAddr, 10_000);
    expect(r.ok, r.last).toBe(true);
    let down: string[] = [];
    for (let i = 0; i < 60 && (down = await linksNotUp(nss)).length; i++) await new Promise((s) => setTimeout(s, 100));
    expect(down).toEqual([]);

    // one cable broken inside the lab (r2:eth1, the cable to r3): the same check must now fail
    execFileSync('ip', ['-n', nsName(good.lab.name, 'r2'), 'link', 'set', 'dev', 'eth1', 'down']);
    const b = await reachable(nsName(good.lab.name, good.from), good.toAddr, 2_000);
    expect(b.ok).toBe(false);
    expect(b.tries).toBeGreaterThan(0);
    expect(await linksNotUp(nss)).toEqual(expect.arrayContaining([`${nsName(good.lab.name, 'r2')}:eth1 DOWN`]));
    // the far end is still there: it is the path that is cut, not the target
    expect(netnsList()).toContain(nsName(good.lab.name, 'h2'));
  });
});
