// The counter sampler against the real kernel: every namespace's sample holds that namespace's
// interfaces (names differ per namespace here, so a sample read into the wrong namespace's
// buffer would show), rounds after the first carry rates, and a forgotten pid's file no longer
// holds its namespace alive.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uniqueName } from '../../../testing/labs';
import { ipJson, netnsList } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { startSampler, type Sampler, type SampleTarget } from './sampler';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const COUNT = 24;

describeRoot('counter sampler (real kernel)', () => {
  const base = `nslab-${uniqueName('smp')}`;
  const names = Array.from({ length: COUNT }, (_, i) => `${base}-n${i}`);
  const probe = `${base}-probe`;
  const sleepers = new Map<string, ChildProcess>();
  let sampler: Sampler | null = null;

  const targets = (): SampleTarget[] => names.flatMap((ns) => {
    const p = sleepers.get(ns);
    return p?.pid && p.exitCode === null ? [{ ns, node: ns.slice(base.length + 1), pid: p.pid }] : [];
  });

  beforeAll(async () => {
    for (const ns of [...names, probe]) ip('netns', 'add', ns);
    // namespace i has a veth pair of its own, both ends named after i: `a<i>` and `b<i>`
    for (const [i, ns] of names.entries()) {
      ip('-n', ns, 'link', 'set', 'dev', 'lo', 'up');
      ip('-n', ns, 'link', 'add', 'name', `a${i}`, 'type', 'veth', 'peer', 'name', `b${i}`);
      ip('-n', ns, 'link', 'set', 'dev', `a${i}`, 'up');
      ip('-n', ns, 'link', 'set', 'dev', `b${i}`, 'up');
    }
    // the last namespace also has a cable to the probe namespace (its end there shows whether it lives)
    ip('-n', names[COUNT - 1]!, 'link', 'add', 'name', 'out', 'type', 'veth', 'peer', 'name', 'back', 'netns', probe);
    for (const ns of names) {
      const p = spawn('ip', ['netns', 'exec', ns, 'sleep', '600'], { stdio: 'ignore' });
      sleepers.set(ns, p);
    }
    // wait until each sleeper is inside its namespace (its net namespace differs from ours)
    const self = execFileSync('readlink', ['/proc/self/ns/net'], { encoding: 'utf8' }).trim();
    const inside = () => names.every((ns) => {
      try { return execFileSync('readlink', [`/proc/${sleepers.get(ns)!.pid}/ns/net`], { encoding: 'utf8' }).trim() !== self; } catch { return false; }
    });
    for (let t = 0; !inside(); t++) {
      if (t > 100) throw new Error('the sleepers did not enter their namespaces within 5 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(() => {
    sampler?.stop();
    for (const p of sleepers.values()) p.kill('SIGKILL');
    for (const ns of [...names, probe]) if (netnsList().includes(ns)) ip('netns', 'del', ns);
  });

  it('reads each namespace into its own sample, with rates from the second round on', async () => {
    sampler = startSampler(targets, () => {}, 60_000); // rounds driven by the test
    const wanted = new Map(names.map((ns) => [ns, ipJson<{ ifname: string }[]>(ns, 'link', 'show').map((l) => l.ifname).sort()]));
    for (let round = 0; round < 5; round++) {
      // traffic on lo in one namespace per round, so counters move while the rounds run
      ip('netns', 'exec', names[round]!, 'ping', '-c', '1', '-W', '1', '127.0.0.1');
      const samples = await sampler.sampleNow();
      expect(samples.map((s) => s.ns).sort()).toEqual([...names].sort());
      for (const s of samples) expect(Object.keys(s.ifaces).sort(), `${s.ns} round ${round}`).toEqual(wanted.get(s.ns));
      if (round > 0) {
        const lo = samples.find((s) => s.ns === names[round])!.ifaces.lo!;
        expect(lo.rxBps, `${names[round]} lo after a ping`).toBeGreaterThan(0);
      }
    }
    // the kernel's own count of lo's packets in namespace 3 (pinged once) is what the sampler read
    const [s3] = (await sampler.sampleNow()).filter((s) => s.ns === names[3]);
    const kernel = ipJson<{ stats64: { rx: { packets: number } } }[]>(names[3]!, '-s', 'link', 'show', 'dev', 'lo')[0]!;
    expect(s3!.ifaces.lo!.rxPackets).toBe(kernel.stats64.rx.packets);
  });

  it('lets a namespace go once its pid is forgotten', async () => {
    const last = names[COUNT - 1]!;
    const p = sleepers.get(last)!;
    await sampler!.sampleNow(); // the file of `last` is open now
    p.kill('SIGKILL');
    await new Promise((r) => p.once('exit', r));
    ip('netns', 'del', last);
    // the open file still holds the namespace: the cable's end in the probe namespace stays
    await new Promise((r) => setTimeout(r, 300));
    expect(ipJson<{ ifname: string }[]>(probe, 'link', 'show').map((l) => l.ifname)).toContain('back');
    sampler!.forget(p.pid!);
    await expect.poll(() => ipJson<{ ifname: string }[]>(probe, 'link', 'show').map((l) => l.ifname), { timeout: 5000 }).not.toContain('back');
  });
});
