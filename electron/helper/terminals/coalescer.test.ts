import { describe, expect, it } from 'vitest';
import { OutputCoalescer } from './coalescer';

/** Manual timers: `tick()` runs what is due, like 16 ms passing. */
function harness(opts: { maxChunk?: number; highWater?: number; lowWater?: number } = {}) {
  const sent: string[] = [];
  const flow: string[] = [];
  let due: (() => void) | null = null;
  const c = new OutputCoalescer({
    ...opts,
    send: (d) => sent.push(d),
    pause: () => flow.push('pause'),
    resume: () => flow.push('resume'),
    setTimer: (fn) => ((due = fn), 1),
    clearTimer: () => (due = null),
  });
  const tick = () => {
    const f = due;
    due = null;
    f?.();
  };
  return { c, sent, flow, tick, scheduled: () => due !== null };
}

describe('OutputCoalescer', () => {
  it('sends many small writes as one event per tick', () => {
    const h = harness();
    for (let i = 0; i < 100; i++) h.c.push('y\n');
    expect(h.sent).toEqual([]);
    h.tick();
    expect(h.sent).toEqual(['y\n'.repeat(100)]);
    expect(h.scheduled()).toBe(false);
  });

  it('sends at most maxChunk per tick, and pauses the pty past the high-water mark until it drains', () => {
    const h = harness({ maxChunk: 10, highWater: 40, lowWater: 20 });
    h.c.push('x'.repeat(25));
    expect(h.flow).toEqual([]);
    h.c.push('x'.repeat(25)); // 50 pending ≥ 40
    expect(h.flow).toEqual(['pause']);
    h.c.push('x'.repeat(10)); // still read while the pause takes effect; no second pause
    expect(h.flow).toEqual(['pause']);
    const ticks: number[] = [];
    while (h.scheduled()) {
      h.tick();
      ticks.push(h.c.backlog);
    }
    expect(h.sent.every((s) => s.length <= 10)).toBe(true);
    expect(h.sent.join('')).toBe('x'.repeat(60));
    expect(ticks).toEqual([50, 40, 30, 20, 10, 0]);
    // resumed as soon as the backlog reached the low-water mark, not later
    expect(h.flow).toEqual(['pause', 'resume']);
  });

  it('a flood is bounded: the backlog never grows far past the high-water mark', () => {
    const h = harness({ maxChunk: 1024, highWater: 8192, lowWater: 2048 });
    let max = 0;
    for (let round = 0; round < 200; round++) {
      // a pty delivers nothing more once paused
      if (!h.c.isPaused) h.c.push('y\n'.repeat(1000));
      max = Math.max(max, h.c.backlog);
      h.tick();
    }
    expect(max).toBeLessThan(8192 + 2000);
    expect(h.sent.every((s) => s.length <= 1024)).toBe(true);
    expect(h.flow.filter((f) => f === 'pause').length).toBeGreaterThan(1);
  });

  it('never splits a surrogate pair', () => {
    const h = harness({ maxChunk: 4 });
    h.c.push('abc😀def');
    h.tick();
    h.tick();
    h.tick();
    expect(h.sent[0]).toBe('abc');
    expect(h.sent.join('')).toBe('abc😀def');
  });

  it('drain sends everything at once in chunks; dispose drops the rest and the timer', () => {
    const h = harness({ maxChunk: 3 });
    h.c.push('abcdefg');
    h.c.drain();
    expect(h.sent).toEqual(['abc', 'def', 'g']);
    h.c.push('zzz');
    h.c.dispose();
    expect(h.scheduled()).toBe(false);
    h.c.push('more');
    expect(h.c.backlog).toBe(0);
  });
});
