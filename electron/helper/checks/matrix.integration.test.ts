import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { nsName } from '../../../shared/net/names';
import { loadExample, uniqueName } from '../../../testing/labs';
import { removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { grid } from '../../cli/commands/matrix';
import { apply, destroy } from '../engine';
import { connectivityMatrix } from './matrix';

const made: string[] = [];
afterEach(async () => {
  for (const name of made.splice(0)) { await destroy(name).catch(() => {}); removeNetnsWithPrefix(`nslab-${name}-`); }
});

describeRoot('connectivity matrix', () => {
  it('dual-stack: every pair in both families, then a missing IPv6 route shows up per family', async () => {
    const lab = loadExample('dual-stack.yaml', uniqueName('mtx'));
    made.push(lab.name);
    await apply(lab);
    const m = await connectivityMatrix(lab.name);
    expect(m.nodes).toEqual(['h1', 'h2', 'r1']);
    expect(m.cells).toHaveLength(12);
    expect(m.cells.every((c) => c.ok)).toBe(true);
    execFileSync('ip', ['-n', nsName(lab.name, 'h2'), '-6', 'route', 'del', 'default']);
    const after = await connectivityMatrix(lab.name);
    expect(after.cells.filter((c) => !c.ok).map((c) => `${c.from}>${c.to}/${c.family}`).sort()).toEqual(['h1>h2/6', 'h2>h1/6', 'h2>r1/6']);
    expect(grid(after)).toMatch(/^h2\s+4✓ 6✗\s+·\s+4✓ 6✗$/m);
  });
});
