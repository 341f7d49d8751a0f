import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import type { Lab } from '../../../shared/lab/schema';
import { nsName } from '../../../shared/net/names';
import { loadExample, uniqueName } from '../../../testing/labs';
import { removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { apply, destroy, EngineError } from '../engine';
import { listCaptures, startCapture, stopAllCaptures, wiresharkPath, type CaptureLine } from './capture';

const made: string[] = [];
const files: string[] = [];
async function up(file: string): Promise<Lab> {
  const lab = loadExample(file, uniqueName('cap'));
  made.push(lab.name);
  await apply(lab);
  return lab;
}
afterEach(async () => {
  await stopAllCaptures();
  for (const f of files.splice(0)) rmSync(f, { force: true });
  for (const name of made.splice(0)) {
    await destroy(name).catch(() => {});
    removeNetnsWithPrefix(`nslab-${name}-`);
  }
});

describeRoot('capture', () => {
  it('writes a pcap that tcpdump -r reads, containing the ping; live decodes arrive as they happen', async () => {
    const lab = await up('two-hosts.yaml');
    const cap = await startCapture({ lab: lab.name, node: 'h1', iface: 'eth0' });
    files.push(cap.file);
    expect(listCaptures().map((c) => c.id)).toContain(cap.id);
    const seen: CaptureLine[] = [];
    const reader = (async () => { for await (const l of cap.lines()) { seen.push(l); if (l.packet?.l4?.proto === 'icmp' && l.packet.l4.type === 'echo-reply') break; } })();
    execFileSync('ip', ['netns', 'exec', nsName(lab.name, 'h1'), 'ping', '-c', '1', '-W', '2', '10.0.0.2']);
    await reader;
    const info = await cap.stop();
    expect(info.running).toBe(false);
    expect(info.packets).toBeGreaterThanOrEqual(2);
    expect(seen.some((l) => /10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request/.test(l.text))).toBe(true);
    expect(existsSync(cap.file)).toBe(true);
    const read = execFileSync('tcpdump', ['-nn', '-r', cap.file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(read).toMatch(/IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request, id \d+, seq 1/);
    expect(read).toMatch(/IP 10\.0\.0\.2 > 10\.0\.0\.1: ICMP echo reply/);
    expect(listCaptures()).toEqual([]);
  });

  it('refuses interfaces outside the lab, and says whether Wireshark is installed', async () => {
    const lab = await up('two-hosts.yaml');
    await expect(startCapture({ lab: lab.name, node: 'nope', iface: 'eth0' })).rejects.toBeInstanceOf(EngineError);
    await expect(startCapture({ lab: lab.name, node: 'h1', iface: 'eth9' })).rejects.toThrow(/no interface eth9/);
    await expect(startCapture({ lab: lab.name, node: 'h1', iface: '-w/x' })).rejects.toThrow(/interface name/);
    await expect(startCapture({ lab: 'nosuchlab', node: 'h1', iface: 'eth0' })).rejects.toThrow(/no lab named/);
    const ws = await wiresharkPath();
    expect(ws === null || ws.endsWith('/wireshark')).toBe(true);
  });
});
