import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MonitorParser, parseEvent } from './monitor-parse';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function parseAll(text: string, chunk = 0) {
  const p = new MonitorParser();
  const out = [];
  if (chunk > 0) for (let i = 0; i < text.length; i += chunk) out.push(...p.push(text.slice(i, i + chunk)));
  else out.push(...p.push(text));
  return [...out, ...p.flush()];
}

describe('MonitorParser (recorded ip -ts monitor label output)', () => {
  const text = fixture('monitor-label.txt');
  const events = parseAll(text);

  it('finds one event per head line, continuation lines attached', () => {
    expect(events).toHaveLength(text.split('\n').filter((l) => l.startsWith('[')).length);
    const link = events.find((e) => e.kind === 'link')!;
    expect(link.text.split('\n')[1]).toMatch(/^link\/ether /);
  });

  it('does not depend on how stdout is chunked', () => {
    expect(parseAll(text, 7)).toEqual(events);
    expect(parseAll(text, 1)).toEqual(events);
  });

  it('classifies kinds and deletions and names the device', () => {
    const kinds = new Set(events.map((e) => e.kind));
    expect(kinds).toEqual(new Set(['link', 'addr', 'route', 'neigh', 'netconf']));
    const addrDel = events.find((e) => e.kind === 'addr' && e.deleted)!;
    expect(addrDel).toMatchObject({ dev: 'eth0' });
    expect(addrDel.text).toMatch(/^2: eth0 +inet 10\.9\.0\.1\/24/);
    expect(events.find((e) => e.kind === 'route' && e.deleted)).toMatchObject({ dev: 'eth0', text: '192.0.2.0/24 via 10.9.0.2 dev eth0 ' });
    expect(events.find((e) => e.kind === 'neigh' && !e.deleted)).toMatchObject({ dev: 'eth0' });
    expect(events.filter((e) => e.kind === 'link').every((e) => e.dev === 'eth0' || e.dev === 'lo')).toBe(true);
    expect(events.find((e) => e.kind === 'netconf')).toMatchObject({ dev: 'eth0' });
  });

  it('reads the timestamp with microseconds, in order', () => {
    const at = events.map((e) => e.at!);
    expect(at.every((t) => Number.isFinite(t))).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const first = new Date('2026-11-29T02:26:51.375').getTime();
    expect(at[0]! - first).toBeCloseTo(0.439, 3);
  });

  it('reads bridge port and FDB-like lines without mistaking them for link deletions', () => {
    const ev = parseAll(fixture('monitor-label-bridge.txt'));
    const portGone = ev.find((e) => e.kind === 'link' && e.deleted && /master br0/.test(e.text))!;
    expect(portGone.dev).toBe('eth0');
    expect(ev.find((e) => e.kind === 'neigh' && e.text.startsWith('dev br0'))?.dev).toBe('br0');
    expect(ev.filter((e) => e.kind === 'netconf' && e.deleted).map((e) => e.dev)).toEqual(['br0', 'br0']);
  });

  it('ignores lines it cannot place and labels it did not ask for', () => {
    expect(parseEvent(['[2026-11-29T02:26:51.375439] [NSID]nsid 0'])).toBeNull();
    expect(parseAll('garbage\n   continuation without head\n')).toEqual([]);
  });
});
