import { describe, expect, it } from 'vitest';
import type { LiveNs } from '../../shared/state/live';
import { forwarding, linkOper } from './link-state';
import { formatBytes, formatRate, rateWidth } from './format';
import { sparkPoints } from './Sparkline';

const end = (adminUp: boolean, operState: string, carrier = operState === 'UP') => ({ adminUp, operState, carrier });

describe('linkOper', () => {
  it('is up when both ends pass traffic', () => {
    expect(linkOper(end(true, 'UP'), end(true, 'UP'))).toBe('up');
    expect(linkOper(end(true, 'UNKNOWN', true), end(true, 'UP'))).toBe('up');
  });
  it('is partial when one end is down or has no carrier', () => {
    expect(linkOper(end(false, 'DOWN'), end(true, 'LOWERLAYERDOWN'))).toBe('partial');
    expect(linkOper(end(true, 'LOWERLAYERDOWN'), end(false, 'DOWN'))).toBe('partial');
    expect(linkOper(end(true, 'DOWN'), end(true, 'DOWN'))).toBe('partial');
  });
  it('is down when both ends are administratively down', () => {
    expect(linkOper(end(false, 'DOWN'), end(false, 'DOWN'))).toBe('down');
  });
  it('is missing when an end does not exist', () => {
    expect(linkOper(undefined, end(true, 'UP'))).toBe('missing');
    expect(linkOper(end(true, 'UP'), null)).toBe('missing');
  });
});

describe('forwarding', () => {
  const ns = (v?: string): LiveNs => ({ ns: 'n', node: 'r1', links: [], routes: [], neighbours: [], sysctl: v === undefined ? {} : { 'net.ipv4.ip_forward': v } });
  it('reads net.ipv4.ip_forward', () => {
    expect(forwarding(ns('1'))).toBe('on');
    expect(forwarding(ns('0'))).toBe('off');
    expect(forwarding(ns())).toBeNull();
    expect(forwarding(undefined)).toBeNull();
  });
});

describe('rate formatting', () => {
  it('writes bytes/s as bits/s with a decimal prefix', () => {
    expect(formatRate(150_000)).toBe('1.2 Mb/s');
    expect(formatRate(0)).toBe('0 b/s');
    expect(formatRate(100)).toBe('800 b/s');
    expect(formatRate(125)).toBe('1.0 kb/s');
    expect(formatRate(12_500_000)).toBe('100 Mb/s');
    expect(formatRate(1.25e9)).toBe('10.0 Gb/s');
    expect(formatRate(null)).toBe('–');
    expect(formatRate(-1)).toBe('–');
  });
  it('writes byte counts', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(2_500_000)).toBe('2.5 MB');
  });
  it('grows the stroke with the rate, within 2..6 px', () => {
    expect(rateWidth(null)).toBe(2);
    expect(rateWidth(0)).toBe(2);
    expect(rateWidth(125_000)).toBeCloseTo(4);
    expect(rateWidth(1e12)).toBe(6);
    expect(rateWidth(125)).toBeLessThan(rateWidth(125_000));
  });
});

describe('sparkPoints', () => {
  it('puts the newest sample at the right edge and scales to the peak', () => {
    expect(sparkPoints([0, 10], 100, 10, 10, 3)).toBe('50.0,9.0 100.0,1.0');
    expect(sparkPoints([null, 5], 100, 10, 10, 2)).toBe('100.0,5.0');
  });
});
