/** Numbers of live state as people read them. */

const UNITS = ['', 'k', 'M', 'G', 'T'];

/**
 * A rate in bytes per second, written in bits per second with a decimal prefix.
 *
 * @example formatRate(150_000) // '1.2 Mb/s'
 */
export function formatRate(bytesPerSec: number | null | undefined): string {
  if (bytesPerSec === null || bytesPerSec === undefined || !Number.isFinite(bytesPerSec) || bytesPerSec < 0) return '–';
  let v = bytesPerSec * 8;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) { v /= 1000; u++; }
  const text = u === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v.toFixed(1);
  return `${text} ${UNITS[u]}b/s`;
}

/** A byte count: `1.5 MB` (decimal, like `ip -h`). */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) { v /= 1000; u++; }
  return u === 0 ? `${v} B` : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${UNITS[u]!.toUpperCase()}B`;
}

/**
 * Stroke width of a cable for a rate (bytes/s): 2 px idle, growing with the logarithm of the
 * rate up to 6 px at 1 Gb/s, so a busy link stands out without drowning the drawing.
 */
export function rateWidth(bytesPerSec: number | null | undefined): number {
  if (!bytesPerSec || bytesPerSec <= 0) return 2;
  const bits = bytesPerSec * 8;
  // 1 kb/s → 2.5, 1 Mb/s → 4, 1 Gb/s → 5.5, capped at 6
  return Math.min(6, Math.max(2, 1 + Math.log10(bits) / 2));
}
