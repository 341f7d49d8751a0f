import { describe, expect, it } from 'vitest';
import type { LabFlowNode, LinkFlowEdge } from './flow-model';
import { overviewItems, type OverviewInputs } from './overview-model';

const node = (id: string, over: Partial<LabFlowNode> = {}): LabFlowNode => ({
  id, type: 'host', position: { x: 10, y: 20 }, measured: { width: 150, height: 50 },
  data: { name: id, kind: 'host', status: 'up', issues: 0, addresses: [] }, ...over,
} as LabFlowNode);
const edge = (id: string, source: string, target: string, selected = false): LinkFlowEdge => ({
  id, type: 'link', source, target, selected,
  data: { key: id, ifA: 'eth0', ifB: 'eth0', status: 'idle', down: false, shaped: false, issues: 0, offset: 9 },
});
const none: OverviewInputs = { linkLive: () => null, nodeLive: () => null, capturing: () => false, traceLeg: () => null };

describe('overviewItems', () => {
  it('takes boxes from the flow nodes (React Flow’s fallback size when unmeasured) and their looks', () => {
    const { nodes } = overviewItems([node('h1'), node('h2', { measured: undefined, selected: true })], [], none);
    expect(nodes[0]).toEqual({ id: 'h1', box: { x: 10, y: 20, width: 150, height: 50 }, look: expect.objectContaining({ frame: '--node-up-border', light: '--st-up' }) });
    expect(nodes[1]!.box).toMatchObject({ width: 170, height: 60 });
    expect(nodes[1]!.look.ring).toBe('--accent');
  });
  it('gives cables their ends, offset and the look from live, capture and trace state', () => {
    const inputs: OverviewInputs = {
      linkLive: (k) => (k === 'a' ? { oper: 'partial', bps: null, drift: false } : null),
      nodeLive: (n) => (n === 'h2' ? { present: false, forwarding: null, error: null, drift: false } : null),
      capturing: (k) => k === 'b',
      traceLeg: (k) => (k === 'c' ? 'reply' : null),
    };
    const r = overviewItems([node('h1'), node('h2')], [edge('a', 'h1', 'h2'), edge('b', 'h1', 'h2'), edge('c', 'h1', 'h2', true)], inputs);
    expect(r.cables.map((c) => [c.id, c.source, c.target, c.offset])).toEqual([['a', 'h1', 'h2', 9], ['b', 'h1', 'h2', 9], ['c', 'h1', 'h2', 9]]);
    expect(r.cables.map((c) => c.look.color)).toEqual(['--live-partial', '--link-idle', '--trace-reply']);
    expect(r.cables[1]!.look.dash).toEqual([8, 4]);
    expect(r.nodes[1]!.look).toMatchObject({ frame: '--live-missing', frameDashed: true });
  });
});
