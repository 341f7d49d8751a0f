// When `up` returns, every cable of a big lab is already up in the kernel's own view. The kernel
// settles "link up" events that are not urgent at most 100 devices a second, so without the
// executor's ETHTOOL_GLINK per raised device (execute.ts settleLinks) a 150-cable lab showed
// most of its second-raised ends as DOWN for a second or more after `up` returned.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { benchLab } from '../../../../bench/labs';
import { resolveLab } from '../../../../shared/lab/resolve';
import { describeRoot } from '../../../../testing/root';
import { apply, destroy } from '../../engine';
import { nsfd } from './native';

const run = promisify(execFile);

describeRoot('fast executor: cables are up when up returns', () => {
  const { lab } = benchLab('chain', 150, `settle${Math.random().toString(36).slice(2, 7)}`);
  afterAll(async () => { await destroy(lab.name).catch(() => {}); });

  it('every veth end of a 150-node chain reports operstate UP right after apply', async () => {
    if (!nsfd()?.linkDetected) throw new Error('the nsfd addon (version 4) is not built: npm ci builds it');
    await apply(lab);
    // all namespaces read at once (one `ip -j link` each, in parallel), straight after apply
    const nss = resolveLab(lab).nodes.map((n) => n.ns);
    const views = await Promise.all(nss.map(async (ns) => ({ ns, links: JSON.parse((await run('ip', ['-j', '-n', ns, 'link', 'show'])).stdout) as { ifname: string; operstate: string; link_type: string }[] })));
    const notUp = views.flatMap(({ ns, links }) => links.filter((l) => l.link_type === 'ether' && l.operstate !== 'UP').map((l) => `${ns}/${l.ifname}: ${l.operstate}`));
    expect(views.flatMap((v) => v.links.filter((l) => l.link_type === 'ether')).length).toBeGreaterThanOrEqual(2 * 149);
    expect(notUp).toEqual([]);
  });
});
