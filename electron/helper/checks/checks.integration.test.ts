import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, afterEach, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Lab } from '../../../shared/lab/schema';
import { nsName } from '../../../shared/net/names';
import { loadExample, uniqueName } from '../../../testing/labs';
import { removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { apply, destroy } from '../engine';
import { runChecks } from './runner';

const cli = join(__dirname, '../../../bin/nslab.js');
const nslab = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'nslab-checks-'));
const made: string[] = [];

/** An example under a unique name, written to a file and deployed. */
async function up(file: string): Promise<{ lab: Lab; path: string }> {
  const lab = loadExample(file, uniqueName('chk'));
  made.push(lab.name);
  const path = join(dir, `${lab.name}.yaml`);
  writeFileSync(path, stringify(lab));
  await apply(lab, { file: path });
  return { lab, path };
}

/** Parse JUnit XML strictly (a parse warning is a failure) and count its parts. */
function junit(path: string): { suites: number; cases: number; failures: number; attr: number } {
  const doc = new DOMParser({ onError: (level: string, msg: string) => { throw new Error(`${level}: ${msg}`); } }).parseFromString(readFileSync(path, 'utf8'), 'text/xml');
  const suites = doc.getElementsByTagName('testsuite');
  return {
    suites: suites.length,
    cases: doc.getElementsByTagName('testcase').length,
    failures: doc.getElementsByTagName('failure').length,
    attr: Number(suites[0]?.getAttribute('failures')),
  };
}

afterEach(async () => {
  for (const name of made.splice(0)) {
    await destroy(name).catch(() => {});
    removeNetnsWithPrefix(`nslab-${name}-`);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeRoot('checks runner', () => {
  it('a passing example: exit 0, --json verdicts, JUnit with no failures; LAB works as well as FILE', async () => {
    const { lab, path } = await up('routed.yaml');
    const table = nslab('check', path);
    expect(table.status, table.stderr + table.stdout).toBe(0);
    expect(table.stdout).toMatch(/5 of 5 checks passed/);
    const xml = join(dir, `${lab.name}.xml`);
    const json = nslab('check', lab.name, '--json', '--junit', xml);
    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.results.map((r: any) => [r.name, r.pass])).toEqual([
      ['h1 reaches h2 through r1', true], ['h1 reaches h3 through r1', true], ['r1 forwards', true],
      ['h1 has its default route', true], ['nothing outside the lab', true],
    ]);
    expect(report.results[4].reason).toBe('no reply from 10.0.9.9, as expected');
    expect(junit(xml)).toEqual({ suites: 1, cases: 5, failures: 0, attr: 0 });
  });

  it('generated names, and reasons for a failing ping, route and command', async () => {
    const { lab } = await up('routed.yaml');
    const broken = { ...lab, checks: [
      { from: 'h1', ping: 'h2' },
      { from: 'h1', ping: '10.0.9.9' },
      { from: 'h1', route: { to: 'default', via: '10.0.1.99' } },
      { from: 'r1', command: ['sysctl', '-n', 'net.ipv4.ip_forward'], expect: { output: '^0$' } },
      { from: 'h2', command: ['false'], expect: 'fail' as const },
    ] };
    const r = await runChecks(broken);
    expect(r.results.map((x) => [x.name, x.pass])).toEqual([
      ['h1 → h2 (ping)', true], ['h1 → 10.0.9.9 (ping)', false], ['h1 route to default via 10.0.1.99', false],
      ['r1: sysctl -n net.ipv4.ip_forward', false], ['h2: false (must fail)', true],
    ]);
    expect(r.results[1]!.reason).toBe('no reply from 10.0.9.9 (From 10.0.1.1 Destination Net Unreachable)');
    expect(r.results[2]!.reason).toBe('route to default via 10.0.1.99 not found; h1 has: default via 10.0.1.1 dev eth0; 10.0.1.0/24 dev eth0');
    expect(r.results[3]!.reason).toBe('output "1" does not match /^0$/');
    expect(r.failed).toBe(3);
    for (const x of r.results) expect(x.durationMs).toBeLessThan(3000);
  });

  const exercises: { file: string; failing: number; fix: (lab: Lab, path: string) => Promise<void> }[] = [
    {
      file: 'exercises/no-default-route.yaml', failing: 3,
      fix: async (lab) => { execFileSync('ip', ['netns', 'exec', nsName(lab.name, 'h1'), 'ip', 'route', 'add', 'default', 'via', '10.0.1.1']); },
    },
    {
      // Fixed the way a student edits the file: drop the override, `nslab up` again.
      file: 'exercises/forwarding-off.yaml', failing: 3,
      fix: async (lab, path) => {
        const fixed: Lab = { ...lab, nodes: { ...lab.nodes, r1: { ...lab.nodes.r1!, sysctl: {} } } };
        writeFileSync(path, stringify(fixed));
        const r = nslab('up', path);
        expect(r.status, r.stderr).toBe(0);
      },
    },
    {
      file: 'exercises/wrong-netmask.yaml', failing: 3,
      fix: async (lab) => {
        const ns = nsName(lab.name, 'h2');
        execFileSync('ip', ['-n', ns, 'addr', 'del', '192.168.10.200/25', 'dev', 'eth0']);
        execFileSync('ip', ['-n', ns, 'addr', 'add', '192.168.10.200/24', 'dev', 'eth0']);
      },
    },
  ];
  for (const ex of exercises) {
    it(`${ex.file}: fails (exit 1, hidden details, JUnit failures) until fixed, then passes`, async () => {
      const { lab, path } = await up(ex.file);
      expect(lab.exercise?.hidden_checks).toBe(true);
      const xml = join(dir, `${lab.name}.xml`);
      const r = nslab('check', path, '--json', '--junit', xml);
      expect(r.status, r.stderr).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.failed).toBe(ex.failing);
      for (const f of report.results.filter((x: any) => !x.pass)) expect(f.reason).toBe('hidden until it passes');
      expect(junit(xml)).toMatchObject({ suites: 1, failures: ex.failing, attr: ex.failing });
      const revealed = JSON.parse(nslab('check', path, '--json', '--reveal').stdout);
      expect(revealed.results.filter((x: any) => !x.pass).every((x: any) => x.reason !== 'hidden until it passes')).toBe(true);
      await ex.fix(lab, path);
      const after = nslab('check', path);
      expect(after.status, after.stdout).toBe(0);
    });
  }

  it('exit 2 for a lab that is not running, an unknown lab name, a bad regex and bad arguments', async () => {
    const lab = loadExample('two-hosts.yaml', uniqueName('chk'));
    const path = join(dir, `${lab.name}.yaml`);
    writeFileSync(path, stringify(lab));
    expect(nslab('check', path).status).toBe(2);
    expect(nslab('check', lab.name).stderr).toMatch(/no lab named/);
    expect(nslab('check').status).toBe(2);
    expect(nslab('check', path, '--junit').status).toBe(2);
    const { path: running, lab: live } = await up('two-hosts.yaml');
    writeFileSync(running, stringify({ ...live, checks: [{ from: 'h1', command: ['true'], expect: { output: '(' } }] }));
    const bad = nslab('check', running);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/checks\[0\]\.expect\.output/);
  });
});
