/** /proc/<pid>/net/dev → raw counters per interface. Pure. */
import type { IfaceCounters } from '../../../shared/state/counters';

/**
 * The file has two header lines, then `  name: rx(8 fields) tx(8 fields)`. Receive fields:
 * bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs drop
 * fifo colls carrier compressed (linux net/core/net-procfs.c dev_seq_printf_stats).
 */
export function parseNetDev(text: string): Map<string, IfaceCounters> {
  const out = new Map<string, IfaceCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (!name || f.length < 16 || f.some((n) => !Number.isFinite(n))) continue;
    out.set(name, {
      rxBytes: f[0]!, rxPackets: f[1]!, rxErrors: f[2]!, rxDrops: f[3]!,
      txBytes: f[8]!, txPackets: f[9]!, txErrors: f[10]!, txDrops: f[11]!,
    });
  }
  return out;
}
