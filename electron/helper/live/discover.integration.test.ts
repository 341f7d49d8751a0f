import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { uniqueName } from '../../../testing/labs';
import { removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { discover } from './discover';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

describeRoot('discover (real kernel)', () => {
  it('finds named and process-held namespaces, veth cables across them and bridge ports — exactly', async () => {
    const prefix = `${uniqueName('dsc')}-`;
    const a = `${prefix}a`;
    const b = `${prefix}b`;
    let holder: ChildProcess | undefined;
    try {
      ip('netns', 'add', a);
      ip('netns', 'add', b);
      // a process with a namespace of its own and no name
      holder = spawn('unshare', ['-n', 'sleep', '30'], { stdio: 'ignore' });
      const pid = holder.pid!;
      const hostIno = statSync('/proc/self/ns/net').ino;
      for (let i = 0; i < 100 && statSync(`/proc/${pid}/ns/net`).ino === hostIno; i++) await new Promise((r) => setTimeout(r, 10));
      const procIno = statSync(`/proc/${pid}/ns/net`).ino;
      expect(procIno).not.toBe(hostIno);

      ip('-n', a, 'link', 'add', 'name', 'v0', 'type', 'veth', 'peer', 'name', 'v1', 'netns', b);
      ip('-n', b, 'link', 'add', 'name', 'br0', 'type', 'bridge');
      ip('-n', b, 'link', 'add', 'name', 'p0', 'type', 'veth', 'peer', 'name', 'p1'); // both ends in b
      ip('-n', b, 'link', 'add', 'name', 'vx', 'type', 'veth', 'peer', 'name', 'vy', 'netns', String(pid));
      for (const port of ['v1', 'p0']) ip('-n', b, 'link', 'set', 'dev', port, 'master', 'br0');
      ip('-n', a, 'addr', 'add', '10.77.0.1/24', 'dev', 'v0');

      const g = await discover();
      const ids = { a: `netns:${statSync(`/run/netns/${a}`).ino}`, b: `netns:${statSync(`/run/netns/${b}`).ino}`, p: `netns:${procIno}` };
      const mine = new Set(Object.values(ids));
      const ns = g.namespaces.filter((n) => mine.has(n.id));
      expect(ns.map((n) => [n.id, n.name, n.host, n.interfaces.map((i) => `${i.name}:${i.kind ?? '-'}`).sort()])).toEqual([
        [ids.a, a, false, ['lo:-', 'v0:veth']],
        [ids.b, b, false, ['br0:bridge', 'lo:-', 'p0:veth', 'p1:veth', 'v1:veth', 'vx:veth']],
        [ids.p, null, false, ['lo:-', 'vy:veth']],
      ]);
      const proc = ns.find((n) => n.id === ids.p)!;
      expect(proc.pids).toContain(pid);
      expect(proc.command).toBe('sleep');
      expect(ns.find((n) => n.id === ids.a)!.interfaces.find((i) => i.name === 'v0')!.addresses).toEqual(['10.77.0.1/24']);
      expect(g.namespaces.filter((n) => n.host)).toHaveLength(1);

      const show = (r: { ns: string; iface: string }) => `${Object.entries(ids).find(([, id]) => id === r.ns)?.[0] ?? '?'}:${r.iface}`;
      const links = g.links
        .filter((l) => (l.kind === 'veth' ? [l.a, l.b] : [l.bridge, l.port]).some((r) => mine.has(r.ns)))
        .map((l) => (l.kind === 'veth' ? `veth ${[show(l.a), show(l.b)].sort().join(' ')}` : `port ${show(l.bridge)} ${show(l.port)}`))
        .sort();
      expect(links).toEqual([
        'port b:br0 b:p0',
        'port b:br0 b:v1',
        'veth a:v0 b:v1',
        'veth b:p0 b:p1',
        'veth b:vx p:vy',
      ]);
      expect(g.unresolved.filter((u) => mine.has(u.ns))).toEqual([]);
    } finally {
      holder?.kill('SIGKILL');
      removeNetnsWithPrefix(prefix);
    }
  });
});
