import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, expect, it } from 'vitest';
import { nsName } from '../../shared/net/names';
import { loadExample } from '../../testing/labs';
import { netnsList, removeNetnsWithPrefix } from '../../testing/netns';
import { describeRoot } from '../../testing/root';

const cli = join(__dirname, '../../bin/nslab.js');
const nslab = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'nslab-cli-'));
const labs: string[] = [];
function writeLab(file: string, mutate?: (lab: any) => void): { path: string; name: string } {
  const lab = loadExample(file);
  mutate?.(lab);
  labs.push(lab.name);
  const path = join(dir, `${lab.name}.yaml`);
  writeFileSync(path, stringify(lab));
  return { path, name: lab.name };
}
afterAll(() => {
  for (const l of labs) { nslab('down', l); removeNetnsWithPrefix(`nslab-${l}-`); }
});

describeRoot('nslab CLI as a new user runs it', () => {
  it('validate: 0 for a good lab, 2 with file:line:col for a bad one, and nothing touches the kernel', () => {
    const good = writeLab('routed.yaml');
    const ok = nslab('validate', good.path);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/valid lab/);
    const badPath = join(dir, 'bad.yaml');
    writeFileSync(badPath, 'name: bad\nnodes:\n  h1:\n    kind: hots\n');
    for (const cmd of ['validate', 'up', 'plan', 'script']) {
      const r = nslab(cmd, badPath);
      expect(r.status, cmd).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${badPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:11: nodes\\.h1\\.kind: `));
    }
    // other suites may be running; this lab's namespaces are what must not exist
    expect(netnsList().filter((n) => n.startsWith('nslab-bad-'))).toEqual([]);
    expect(nslab('frobnicate').status).toBe(2);
    expect(nslab('up').status).toBe(2);
  });

  it('up, exec ping across the router, status --json, drift from outside, down', () => {
    const { path, name } = writeLab('routed.yaml');
    const up = nslab('up', path);
    expect(up.status, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/progress: \d+\/\d+ operations \(done\)/);
    const ping = nslab('exec', name, 'h1', '--', 'ping', '-c', '1', '-W', '2', '10.0.2.2');
    expect(ping.status, ping.stdout + ping.stderr).toBe(0);
    // exec is real ip netns exec: the node's own interfaces
    const ipl = nslab('exec', name, 'h2', '--', 'ip', '-j', 'link');
    expect(JSON.parse(ipl.stdout).map((l: any) => l.ifname).sort()).toEqual(['eth0', 'lo']);
    // exec into something the lab does not own is refused
    expect(nslab('exec', name, 'nope', '--', 'true').status).toBe(1);
    const st = JSON.parse(nslab('status', name, '--json').stdout);
    expect(st.inSync).toBe(true);
    expect(st.nodes.find((n: any) => n.node === 'h1').interfaces[0].addresses).toEqual(['10.0.1.2/24']);
    // drift: a cable pulled from a terminal shows up, and up puts it back
    execFileSync('ip', ['-n', nsName(name, 'h2'), 'link', 'set', 'dev', 'eth0', 'down']);
    const drift = JSON.parse(nslab('status', name, '--json').stdout);
    expect(drift.inSync).toBe(false);
    expect(drift.drift).toContain(`ip -n ${nsName(name, 'h2')} link set dev eth0 up`);
    expect(nslab('up', path).status).toBe(0);
    expect(JSON.parse(nslab('status', name, '--json').stdout).inSync).toBe(true);
    const ls = nslab('ls');
    expect(ls.stdout).toContain(name);
    const down = nslab('down', path);
    expect(down.status).toBe(0);
    expect(netnsList().filter((n) => n.startsWith(`nslab-${name}-`))).toEqual([]);
    expect(nslab('down', name).status).toBe(0); // idempotent
  });

  it('script: a standalone bash script that builds the same lab', () => {
    const { path, name } = writeLab('two-hosts.yaml');
    const script = nslab('script', path);
    expect(script.status).toBe(0);
    const file = join(dir, 'lab.sh');
    writeFileSync(file, script.stdout);
    try {
      execFileSync('bash', [file]);
      expect(spawnSync('ip', ['netns', 'exec', nsName(name, 'h1'), 'ping', '-c', '1', '-W', '2', '10.0.0.2']).status).toBe(0);
    } finally {
      removeNetnsWithPrefix(`nslab-${name}-`);
    }
  });

  it('doctor reports features with fixes', () => {
    const r = nslab('doctor');
    expect(r.stdout).toMatch(/veth/);
    expect(r.stdout).toMatch(/netem/);
    expect(r.status).toBe(0);
  });
});
