/**
 * Canonical text for tc quantities, so a qdisc read back from the kernel compares equal to the
 * one the lab asked for. The kernel keeps rates in whole bytes per second, times in scheduler
 * ticks and loss as a fraction of 2^32, and `tc -j` prints them as numbers (bytes/s, seconds,
 * fractions); the lab writes `10mbit`, `20ms`, `1%`. Both sides go through these functions.
 *
 * @example canonicalRate('1.5mbit') === '1500kbit'; canonicalRate('1mbps') === '8mbit'
 * @example canonicalQdisc({ kind: 'tbf', rate: '10Mbit' }) → { kind: 'tbf', rate: '10mbit' }
 */
import type { Qdisc } from '../lab/resolve';

/** tc's rate suffixes (tc_util.c get_rate64), lower-cased: `bps` units are bytes, `bit` bits. */
const RATE_SCALE: Record<string, number> = {
  bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, tbit: 1e12,
  kibit: 1024, mibit: 1024 ** 2, gibit: 1024 ** 3, tibit: 1024 ** 4,
  bps: 8, kbps: 8e3, mbps: 8e6, gbps: 8e9, tbps: 8e12,
  kibps: 8 * 1024, mibps: 8 * 1024 ** 2, gibps: 8 * 1024 ** 3, tibps: 8 * 1024 ** 4,
};

/**
 * Bytes per second the kernel stores for a tc rate, computed the way tc does (double
 * arithmetic, then truncation), or null if the text is not a rate.
 */
export function rateBytes(rate: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([a-z]+)$/i.exec(rate.trim());
  const scale = m ? RATE_SCALE[m[2]!.toLowerCase()] : undefined;
  if (!m || scale === undefined) return null;
  return Math.trunc((Number(m[1]) * scale) / 8);
}

/** A rate in bytes per second (what `tc -j` prints) as the shortest exact `…bit` text. */
export function formatRateBytes(bytesPerSecond: number): string {
  const bits = Math.trunc(bytesPerSecond) * 8;
  for (const [unit, scale] of [['tbit', 1e12], ['gbit', 1e9], ['mbit', 1e6], ['kbit', 1e3]] as const) {
    if (bits >= scale && bits % scale === 0) return `${bits / scale}${unit}`;
  }
  return `${bits}bit`;
}

/** `10Mbit` → `10mbit`, `1mbps` → `8mbit`, `2.5mbit` → `2500kbit`; unparsable text is returned as is. */
export function canonicalRate(rate: string): string {
  const b = rateBytes(rate);
  return b === null ? rate : formatRateBytes(b);
}

const TIME_SCALE_US: Record<string, number> = { us: 1, usec: 1, usecs: 1, ms: 1e3, msec: 1e3, msecs: 1e3, s: 1e6, sec: 1e6, secs: 1e6 };

/** Microseconds of a duration like `20ms`, or null. */
export function timeMicros(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([a-z]+)$/i.exec(text.trim());
  const scale = m ? TIME_SCALE_US[m[2]!.toLowerCase()] : undefined;
  return m && scale !== undefined ? Math.round(Number(m[1]) * scale) : null;
}

/** Microseconds as the largest exact unit: 20000 → `20ms`, 1500 → `1500us`. */
export function formatMicros(us: number): string {
  const n = Math.round(us);
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}s`;
  if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}ms`;
  return `${n}us`;
}

/** A duration in canonical text; zero means "none" to netem, so it becomes null. */
export function canonicalTime(text: string | null): string | null {
  if (text === null) return null;
  const us = timeMicros(text);
  if (us === null) return text;
  return us === 0 ? null : formatMicros(us);
}

/** A percentage in canonical text (`1.50%` → `1.5%`, at most 4 decimals); 0% means none → null. */
export function canonicalPercent(text: string | null): string | null {
  if (text === null) return null;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (!m) return text;
  return formatPercent(Number(m[1]));
}

/** Percent points as canonical text, null for 0. */
export function formatPercent(points: number): string | null {
  const rounded = Number(points.toFixed(4));
  return rounded === 0 ? null : `${rounded}%`;
}

/** A qdisc with every quantity in canonical text (rates `…bit`, times exact units, loss `n%`). */
export function canonicalQdisc(q: Qdisc): Qdisc {
  if (q.kind === 'tbf') return { kind: 'tbf', rate: canonicalRate(q.rate) };
  const delay = canonicalTime(q.delay);
  return {
    kind: 'netem',
    delay,
    // netem ignores jitter without a delay, and the kernel reports none then
    jitter: delay === null ? null : canonicalTime(q.jitter),
    loss: canonicalPercent(q.loss),
    rate: q.rate === null ? null : canonicalRate(q.rate),
  };
}
