import { describe, expect, it } from 'vitest';
import type { CaptureInfoDto } from '../../shared/protocol/teaching';
import { createAppStore } from './index';
import { CAPTURE_ROWS_MAX, captureOnLink, isTeachingTab } from './teaching-slice';

const info = (over: Partial<CaptureInfoDto> = {}): CaptureInfoDto => ({
  id: 'lab-h1-eth0-1-1', lab: 'lab', node: 'h1', iface: 'eth0', file: '/run/nslab/captures/x.pcap', startedAt: '2024-01-01T00:00:00Z', packets: 0, running: true, ...over,
});

describe('teaching slice', () => {
  it('keeps packet rows of known captures only, bounded, and counts them', () => {
    const st = createAppStore();
    st.getState().addPackets({ captureId: 'unknown-1', packets: [{ ts: '1.0', text: 'x' }], dropped: 0 });
    expect(st.getState().captures).toEqual({});
    st.getState().upsertCaptures([info()], { show: 'lab-h1-eth0-1-1', wireshark: true });
    expect(st.getState().captureShown).toBe('lab-h1-eth0-1-1');
    expect(st.getState().wireshark).toBe(true);
    const many = Array.from({ length: 150 }, (_, i) => ({ ts: `${i}.0`, text: `p${i}` }));
    for (let i = 0; i < 15; i++) st.getState().addPackets({ captureId: 'lab-h1-eth0-1-1', packets: many, dropped: 1 });
    const c = st.getState().captures['lab-h1-eth0-1-1']!;
    expect(c.rows).toHaveLength(CAPTURE_ROWS_MAX);
    expect(c.rows.at(-1)!.text).toBe('p149');
    expect(c.dropped).toBe(15);
    expect(c.info.packets).toBe(15 * 151);
    // the helper's own count replaces ours when the capture ends; the rows stay
    st.getState().upsertCaptures([info({ running: false, packets: 3000 })]);
    expect(st.getState().captures['lab-h1-eth0-1-1']).toMatchObject({ info: { running: false, packets: 3000 } });
    expect(st.getState().captures['lab-h1-eth0-1-1']!.rows).toHaveLength(CAPTURE_ROWS_MAX);
  });

  it('marks a cable as captured when a running capture of this lab is on either end', () => {
    const st = createAppStore();
    st.getState().loadLab({ name: 'lab', nodes: { h1: { kind: 'host' }, r1: { kind: 'router' } }, links: [['h1:eth0', 'r1:eth0']] } as never);
    st.getState().upsertCaptures([info({ node: 'r1', iface: 'eth0' })]);
    expect(captureOnLink(st.getState(), 'h1:eth0--r1:eth0')?.info.node).toBe('r1');
    expect(captureOnLink(st.getState(), 'h1:eth1--r1:eth1')).toBeNull();
    st.getState().upsertCaptures([info({ node: 'r1', iface: 'eth0', running: false })]);
    expect(captureOnLink(st.getState(), 'h1:eth0--r1:eth0')).toBeNull();
    st.getState().upsertCaptures([info({ id: 'other-h1-eth0-1-2', lab: 'other' })]);
    expect(captureOnLink(st.getState(), 'h1:eth0--r1:eth0')).toBeNull();
  });

  it('a new trace restarts the animation and forgets the selected hop; tabs are dock tabs', () => {
    const st = createAppStore();
    st.getState().setTraceStep(4);
    st.getState().selectHop({ path: 'request', index: 2 });
    st.getState().setTrace({ state: 'running' });
    expect(st.getState()).toMatchObject({ traceStep: 0, traceHop: null, trace: { state: 'running' } });
    st.getState().setTraceForm({ src: 'h1' });
    st.getState().setTraceForm({ dst: 'h2' });
    expect(st.getState().traceForm).toEqual({ src: 'h1', dst: 'h2', probe: 'icmp', port: '80' });
    st.getState().setDockTab('checks');
    expect(st.getState().dockTab).toBe('checks');
    expect(isTeachingTab('matrix')).toBe(true);
    expect(isTeachingTab('terminal:h1')).toBe(false);
  });
});
