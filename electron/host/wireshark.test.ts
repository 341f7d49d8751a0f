import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NslabApi } from '../../shared/protocol/api';
import { openInWireshark } from './wireshark';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A helper whose pcap is `data`, served in pieces of 3 bytes. */
function fakeHelper(data: Buffer) {
  const invoke = vi.fn(async (_name: string, p: { offset: number }) => {
    const chunk = data.subarray(p.offset, p.offset + 3);
    return { ok: true, value: { name: 'lab-h1-eth0-1-1.pcap', size: data.length, offset: p.offset, base64: chunk.toString('base64'), done: p.offset + chunk.length >= data.length } };
  });
  return { invoke: invoke as unknown as NslabApi['invoke'], calls: invoke };
}

describe('openInWireshark', () => {
  it('copies the pcap piece by piece and starts wireshark -r on the copy (argv, as the user)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nslab-ws-'));
    dirs.push(dir);
    const h = fakeHelper(Buffer.from('0123456789'));
    const launch = vi.fn();
    const r = await openInWireshark(h, 'lab-h1-eth0-1-1', { which: async () => '/usr/bin/wireshark', dir, isRoot: false, launch });
    expect(r).toEqual({ ok: true, value: { opened: true, file: join(dir, 'lab-h1-eth0-1-1.pcap') } });
    expect(readFileSync(join(dir, 'lab-h1-eth0-1-1.pcap'), 'utf8')).toBe('0123456789');
    expect(h.calls).toHaveBeenCalledTimes(4);
    expect(launch).toHaveBeenCalledWith('/usr/bin/wireshark', ['-r', join(dir, 'lab-h1-eth0-1-1.pcap')]);
  });

  it('says so when wireshark is missing, and never starts it as root', async () => {
    const h = fakeHelper(Buffer.from('x'));
    expect(await openInWireshark(h, 'c-1', { which: async () => null })).toMatchObject({ ok: true, value: { opened: false } });
    expect(h.calls).not.toHaveBeenCalled();
    const dir = mkdtempSync(join(tmpdir(), 'nslab-ws-'));
    dirs.push(dir);
    const launch = vi.fn();
    const r = await openInWireshark(h, 'c-1', { which: async () => '/usr/bin/wireshark', dir, isRoot: true, launch });
    expect(r).toMatchObject({ ok: true, value: { opened: false, message: expect.stringContaining('root') } });
    expect(launch).not.toHaveBeenCalled();
  });
});
