import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { nsName } from '../../shared/net/names';
import type { LiveEvent } from '../../shared/state/live';
import { loadExample } from '../../testing/labs';
import { removeNetnsWithPrefix } from '../../testing/netns';
import { describeRoot } from '../../testing/root';
import { apply, destroy } from '../helper/engine';

const cli = join(__dirname, '../../bin/nslab.js');
const monitorsOf = (lab: string) => spawnSync('pgrep', ['-f', `ip -n nslab-${lab}-.* monitor`], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);

describeRoot('nslab watch / status --json live / discover', () => {
  it('watch --json prints the snapshot, then diffs and counters; SIGTERM stops every ip monitor', async () => {
    const lab = loadExample('two-hosts.yaml');
    const h1 = nsName(lab.name, 'h1');
    try {
      await apply(lab);
      const child = spawn(process.execPath, [cli, 'watch', lab.name, '--json', '--interval', '200'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const events: LiveEvent[] = [];
      const lines = createInterface({ input: child.stdout! });
      const seen = (pred: (e: LiveEvent) => boolean, what: string) => new Promise<LiveEvent>((resolve, reject) => {
        const hit = events.find(pred);
        if (hit) return resolve(hit);
        const t = setTimeout(() => reject(new Error(`no ${what} from nslab watch`)), 10_000);
        lines.on('line', (l) => { const e = JSON.parse(l) as LiveEvent; if (pred(e)) { clearTimeout(t); resolve(e); } });
      });
      lines.on('line', (l) => events.push(JSON.parse(l)));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      try {
        const snap = await seen((e) => e.type === 'snapshot', 'snapshot');
        expect(snap.type === 'snapshot' && Object.keys(snap.state.namespaces).sort()).toEqual([h1, nsName(lab.name, 'h2')]);
        expect(events[0]!.type).toBe('snapshot');
        await new Promise((r) => setTimeout(r, 300)); // monitors are up once the snapshot is out
        execFileSync('ip', ['-n', h1, 'addr', 'add', '10.0.0.99/24', 'dev', 'eth0']);
        await seen((e) => e.type === 'diff' && e.diffs.some((d) => d.kind === 'addr' && d.cidr === '10.0.0.99/24'), 'address diff');
        await seen((e) => e.type === 'counters', 'counter sample');
        await seen((e) => e.type === 'drift' && (e.ops?.length ?? 0) > 0, 'drift');
        expect(monitorsOf(lab.name)).toHaveLength(2);
      } finally {
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
      expect(monitorsOf(lab.name)).toEqual([]);

      const status = JSON.parse(spawnSync(process.execPath, [cli, 'status', lab.name, '--json'], { encoding: 'utf8' }).stdout);
      expect(status.live.h1.counters.eth0.rxPackets).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(status.live.h2.neighbours)).toBe(true);

      const d = spawnSync(process.execPath, [cli, 'discover', '--json'], { encoding: 'utf8' });
      expect(d.status).toBe(0);
      const g = JSON.parse(d.stdout);
      expect(g.namespaces.filter((n: any) => n.lab === lab.name).map((n: any) => n.node).sort()).toEqual(['h1', 'h2']);
    } finally {
      await destroy(lab.name).catch(() => {});
      removeNetnsWithPrefix(`nslab-${lab.name}-`);
    }
  });
});
