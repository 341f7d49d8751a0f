/**
 * Interface counters and the rates computed from two samples. Pure: the helper reads the raw
 * numbers (/proc/<pid>/net/dev of a process inside the namespace), this turns them into rates.
 */

/** Raw cumulative counters of one interface, as the kernel keeps them. */
export interface IfaceCounters {
  rxBytes: number; rxPackets: number; rxErrors: number; rxDrops: number;
  txBytes: number; txPackets: number; txErrors: number; txDrops: number;
}

/** Counters plus per-second rates since the previous sample (null on the first sample). */
export interface IfaceSample extends IfaceCounters {
  rxBps: number | null; txBps: number | null;
  rxPps: number | null; txPps: number | null;
}

/** One sampling round of one namespace. */
export interface CounterSample {
  ns: string;
  node: string;
  /** milliseconds since the epoch when the counters were read */
  at: number;
  ifaces: Record<string, IfaceSample>;
}

/**
 * Rates from two readings `dtMs` apart. A counter that went backwards (the interface was
 * re-created under the same name) gives no rate rather than a negative one.
 *
 * @example withRates(prev?.ifaces.eth0 ?? null, now, 1000).rxBps // bytes per second
 */
export function withRates(prev: IfaceCounters | null, now: IfaceCounters, dtMs: number): IfaceSample {
  const rate = (a: number, b: number | undefined): number | null => {
    if (b === undefined || dtMs <= 0 || a < b) return null;
    return ((a - b) * 1000) / dtMs;
  };
  return {
    ...now,
    rxBps: rate(now.rxBytes, prev?.rxBytes), txBps: rate(now.txBytes, prev?.txBytes),
    rxPps: rate(now.rxPackets, prev?.rxPackets), txPps: rate(now.txPackets, prev?.txPackets),
  };
}
