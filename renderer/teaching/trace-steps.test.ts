import { describe, expect, it } from 'vitest';
import type { Lab } from '../../shared/lab/schema';
import type { HopDto, TraceResultDto } from '../../shared/protocol/teaching';
import { edgeStep, traceOutcome, traceSteps } from './trace-steps';

const lab = {
  name: 'routed',
  nodes: { h1: { kind: 'host' }, r1: { kind: 'router' }, sw1: { kind: 'switch' }, h2: { kind: 'host' } },
  links: [['h1:eth0', 'r1:eth0'], ['r1:eth1', 'sw1:p1'], ['sw1:p2', 'h2:eth0']],
} as unknown as Lab;

const hop = (node: string, iface: string, direction: 'in' | 'out'): HopDto => ({ node, iface, direction, atUs: 0, l2: null, l3: null, l4: null, summary: '' });
const result = (request: HopDto[], reply: HopDto[], extra: Partial<TraceResultDto> = {}): TraceResultDto => ({
  lab: 'routed', src: 'h1', dst: 'h2', dstAddress: '10.0.2.2', srcAddress: '10.0.1.2', probe: { kind: 'icmp' }, reached: true, replied: true,
  answer: 'echo reply', request, reply, lost: null, captured: 6, durationMs: 1, probeOutput: '', ...extra,
});

describe('traceSteps', () => {
  const there = [hop('h1', 'eth0', 'out'), hop('r1', 'eth0', 'in'), hop('r1', 'eth1', 'out'), hop('sw1', 'p1', 'in'), hop('sw1', 'p2', 'out'), hop('h2', 'eth0', 'in')];
  const back = [hop('h2', 'eth0', 'out'), hop('sw1', 'p2', 'in'), hop('sw1', 'p1', 'out'), hop('r1', 'eth1', 'in'), hop('r1', 'eth0', 'out'), hop('h1', 'eth0', 'in')];

  it('follows the request, then the reply, one link crossing per out hop', () => {
    const steps = traceSteps(lab, result(there, back));
    expect(steps.map((s) => `${s.path}:${s.from}>${s.to}`)).toEqual([
      'request:h1>r1', 'request:r1>sw1', 'request:sw1>h2',
      'reply:h2>sw1', 'reply:sw1>r1', 'reply:r1>h1',
    ]);
    expect(steps[0]).toMatchObject({ link: 'h1:eth0--r1:eth0', hop: 0 });
    expect(steps[3]).toMatchObject({ link: 'h2:eth0--sw1:p2', hop: 0 });
  });

  it('shows the latest crossing of a link up to the step reached', () => {
    const steps = traceSteps(lab, result(there, back));
    expect(edgeStep(steps, 0, 'h1:eth0--r1:eth0')).toBeNull();
    expect(edgeStep(steps, 1, 'h1:eth0--r1:eth0')).toMatchObject({ n: 1, current: true });
    expect(edgeStep(steps, 2, 'h1:eth0--r1:eth0')).toMatchObject({ n: 1, current: false });
    expect(edgeStep(steps, 6, 'h1:eth0--r1:eth0')).toMatchObject({ n: 6, current: true, step: { path: 'reply' } });
    expect(edgeStep(steps, 99, 'h1:eth0--r1:eth0')).toMatchObject({ n: 6, current: false });
  });

  it('calls a trace lost when the probe did not arrive or its answer did not come back', () => {
    expect(traceOutcome(result(there, back))).toBe('reached');
    const lost = { path: 'request' as const, node: 'h1', iface: null, direction: null, reason: 'no-route', detail: 'h1 has no route to 10.0.2.2' };
    expect(traceOutcome(result([], [], { reached: false, replied: false, lost }))).toBe('lost');
    expect(traceOutcome(result(there, [], { replied: false, lost: { ...lost, path: 'reply', node: 'h2' } }))).toBe('lost');
    expect(traceSteps(lab, result([hop('h1', 'eth9', 'out')], []))).toEqual([]);
  });
});
