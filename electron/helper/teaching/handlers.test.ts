import { describe, expect, it, vi } from 'vitest';
import { checkEvent, checkReply, checkRequest } from '../../common/wire';
import { CAPTURE_BATCH_MAX, CAPTURE_TEXT_MAX } from '../../../shared/protocol/teaching';
import { teachingHandlers } from './handlers';
import { PacketBatcher } from './live-captures';

const code = (r: ReturnType<typeof checkRequest>) => (r.ok ? 'ok' : r.code);

describe('teaching requests: params are checked before any handler runs', () => {
  it('checksRun takes a lab or the name of a running lab, not both, not neither', () => {
    expect(code(checkRequest('checksRun', { name: 'routed' }))).toBe('ok');
    expect(code(checkRequest('checksRun', { lab: { name: 'routed', nodes: {} } }))).toBe('ok');
    expect(code(checkRequest('checksRun', {}))).toBe('invalid-params');
    expect(code(checkRequest('checksRun', { name: 'routed', lab: {} }))).toBe('invalid-params');
    expect(code(checkRequest('checksRun', { name: '../etc' }))).toBe('invalid-params');
    // there is no reveal in the app
    expect(code(checkRequest('checksRun', { name: 'routed', reveal: true }))).toBe('invalid-params');
  });

  it('matrix and trace need a lab name; a trace needs a well-formed probe', () => {
    expect(code(checkRequest('matrix', { name: 'routed' }))).toBe('ok');
    expect(code(checkRequest('matrix', { name: 'Routed!' }))).toBe('invalid-params');
    const t = { name: 'routed', src: 'h1', dst: 'h2' };
    expect(code(checkRequest('trace', { ...t, probe: { kind: 'icmp' } }))).toBe('ok');
    expect(code(checkRequest('trace', { ...t, probe: { kind: 'tcp', port: 80 } }))).toBe('ok');
    expect(code(checkRequest('trace', { ...t, dst: '10.0.2.2', probe: { kind: 'udp', port: 53 } }))).toBe('ok');
    expect(code(checkRequest('trace', { ...t, probe: { kind: 'tcp' } }))).toBe('invalid-params');
    expect(code(checkRequest('trace', { ...t, probe: { kind: 'udp', port: 0 } }))).toBe('invalid-params');
    expect(code(checkRequest('trace', { ...t, probe: { kind: 'udp', port: 65536 } }))).toBe('invalid-params');
    expect(code(checkRequest('trace', { ...t, probe: { kind: 'sctp', port: 1 } }))).toBe('invalid-params');
    expect(code(checkRequest('trace', { ...t, dst: '', probe: { kind: 'icmp' } }))).toBe('invalid-params');
    expect(code(checkRequest('trace', { ...t, src: 'x'.repeat(25), probe: { kind: 'icmp' } }))).toBe('invalid-params');
  });

  it('captures: bounded names and ids, non-negative offsets', () => {
    expect(code(checkRequest('captureStart', { name: 'routed', node: 'h1', iface: 'eth0' }))).toBe('ok');
    expect(code(checkRequest('captureStart', { name: 'routed', node: 'h1', iface: '' }))).toBe('invalid-params');
    expect(code(checkRequest('captureStart', { name: 'routed', node: 'h1', iface: 'a-very-long-interface' }))).toBe('invalid-params');
    expect(code(checkRequest('captureStop', { id: 'routed-h1-eth0-1700000000000-1' }))).toBe('ok');
    expect(code(checkRequest('captureStop', { id: '../../etc/shadow' }))).toBe('invalid-params');
    expect(code(checkRequest('captureRead', { id: 'routed-h1-eth0-1-1', offset: 0 }))).toBe('ok');
    expect(code(checkRequest('captureRead', { id: 'routed-h1-eth0-1-1', offset: -1 }))).toBe('invalid-params');
    expect(code(checkRequest('captureRead', { id: 'routed-h1-eth0-1-1', offset: 1.5 }))).toBe('invalid-params');
    expect(code(checkRequest('captureWireshark', { id: 'a b' }))).toBe('invalid-params');
    expect(code(checkRequest('captureList', {}))).toBe('ok');
  });

  it('the helper answers every teaching request except Wireshark (the host opens that)', () => {
    expect(Object.keys(teachingHandlers).sort()).toEqual(['captureList', 'captureRead', 'captureStart', 'captureStop', 'checksRun', 'matrix', 'trace']);
  });
});

describe('teaching replies and events are checked on arrival', () => {
  it('a trace result with a hop missing its direction is a bad reply', () => {
    const hop = { node: 'h1', iface: 'eth0', direction: 'out', atUs: 0, l2: null, l3: { family: 4, src: '10.0.1.2', dst: '10.0.2.2', ttl: 64, proto: 'ICMP' }, l4: { proto: 'icmp', type: 'echo-request', text: 'echo request' }, summary: 's' };
    const value = { lab: 'routed', src: 'h1', dst: 'h2', dstAddress: '10.0.2.2', srcAddress: '10.0.1.2', probe: { kind: 'icmp' }, reached: true, replied: true, answer: 'echo reply', request: [hop], reply: [], lost: null, captured: 6, durationMs: 900, probeOutput: '' };
    expect(checkReply('trace', { ok: true, value }).ok).toBe(true);
    expect(checkReply('trace', { ok: true, value: { ...value, request: [{ ...hop, direction: undefined }] } })).toMatchObject({ ok: false, code: 'bad-reply' });
  });

  it('capturePacket batches are bounded', () => {
    const packets = Array.from({ length: CAPTURE_BATCH_MAX + 1 }, () => ({ ts: '1.0', text: 'x' }));
    expect(checkEvent('capturePacket', { captureId: 'a-1', packets: packets.slice(1), dropped: 0 })).not.toBeNull();
    expect(checkEvent('capturePacket', { captureId: 'a-1', packets, dropped: 0 })).toBeNull();
  });
});

describe('PacketBatcher', () => {
  it('sends one batch per interval, caps it and counts what it dropped', () => {
    vi.useFakeTimers();
    try {
      const sent: { packets: unknown[]; dropped: number }[] = [];
      const b = new PacketBatcher('c1', (p) => sent.push(p), 100);
      for (let i = 0; i < CAPTURE_BATCH_MAX + 5; i++) b.add({ ts: `${i}.0`, text: 'y'.repeat(CAPTURE_TEXT_MAX + 10) });
      expect(sent).toHaveLength(0);
      vi.advanceTimersByTime(100);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.packets).toHaveLength(CAPTURE_BATCH_MAX);
      expect(sent[0]!.dropped).toBe(5);
      expect((sent[0]!.packets[0] as { text: string }).text).toHaveLength(CAPTURE_TEXT_MAX);
      b.add({ ts: '9.0', text: 'z' });
      b.flush();
      expect(sent).toHaveLength(2);
      vi.advanceTimersByTime(500);
      expect(sent).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
