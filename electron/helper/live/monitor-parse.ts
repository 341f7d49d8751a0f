/**
 * `ip -ts monitor label link address route neigh netconf` text → events. iproute2 6.1 ignores
 * `-j` for `monitor` (it prints the text form; fixtures/ hold real output), so we parse text.
 *
 * The text is used only to learn WHAT changed where (kind, add/del, device, kernel timestamp);
 * the watcher then re-reads the namespace with `ip -j` and diffs. Why not take content from the
 * text: it is ambiguous in ways the JSON is not — `[LINK]Deleted 2: eth0: … master br0` is a
 * bridge port leaving (AF_BRIDGE), not a link deletion; `[NEIGH]dev br0 lladdr …` is an FDB-like
 * bridge entry; the main table and the family of `default` are implicit. Re-reading after a
 * coalesced burst also heals anything lost to a netlink overrun.
 */

export type MonitorKind = 'link' | 'addr' | 'route' | 'neigh' | 'netconf';

export interface MonitorEvent {
  kind: MonitorKind;
  deleted: boolean;
  /** kernel-side time of the event as `ip -ts` prints it (local time, microseconds), ms since epoch */
  at: number | null;
  /** the device the event names, when the line names one */
  dev: string | null;
  /** the event's text, continuation lines joined with `\n` */
  text: string;
}

const LABELS: Record<string, MonitorKind> = { LINK: 'link', ADDR: 'addr', ROUTE: 'route', NEIGH: 'neigh', NETCONF: 'netconf' };
// `[2026-11-29T02:26:36.953402] [LINK]…`
const HEAD = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{6})\] \[([A-Z]+)\](.*)$/;

/**
 * Incremental parser: feed it chunks of stdout, get complete events. An event is a head line plus
 * the indented continuation lines after it, so an event is complete when the next head arrives —
 * or at `flush()`, which the watcher calls when the stream goes quiet (ip flushes per message).
 */
export class MonitorParser {
  private buf = '';
  private pending: string[] | null = null;

  push(chunk: string): MonitorEvent[] {
    this.buf += chunk;
    const out: MonitorEvent[] = [];
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      if (/^\s/.test(line) && this.pending) { this.pending.push(line.trim()); continue; }
      const done = this.take();
      if (done) out.push(done);
      if (HEAD.test(line)) this.pending = [line];
    }
    return out;
  }

  /** The event held back waiting for continuation lines. */
  flush(): MonitorEvent[] {
    const done = this.take();
    return done ? [done] : [];
  }

  private take(): MonitorEvent | null {
    const lines = this.pending;
    this.pending = null;
    return lines ? parseEvent(lines) : null;
  }
}

/** One event from its head line and continuation lines; null for labels we did not ask for. */
export function parseEvent(lines: string[]): MonitorEvent | null {
  const m = HEAD.exec(lines[0]!);
  if (!m) return null;
  const kind = LABELS[m[3]!];
  if (!kind) return null;
  let body = m[4]!;
  const deleted = body.startsWith('Deleted ');
  if (deleted) body = body.slice('Deleted '.length);
  // The timestamp has no zone: iproute2 prints local time.
  const at = new Date(`${m[1]}.${m[2]!.slice(0, 3)}`).getTime() + Number(m[2]!.slice(3)) / 1000;
  return { kind, deleted, at: Number.isFinite(at) ? at : null, dev: devOf(kind, body), text: [body, ...lines.slice(1)].join('\n') };
}

function devOf(kind: MonitorKind, body: string): string | null {
  switch (kind) {
    // `2: eth0@if2: <…>` / `2: eth0    inet 10.9.0.1/24 …`
    case 'link': return /^\d+: ([^:@\s]+)/.exec(body)?.[1] ?? null;
    case 'addr': return /^\d+: (\S+)/.exec(body)?.[1] ?? null;
    // `10.9.0.0/24 dev eth0 …`, `10.9.0.2 dev eth0 lladdr …`
    case 'route':
    case 'neigh': return /(?:^|\s)dev (\S+)/.exec(body)?.[1] ?? null;
    // `inet eth0 forwarding on`, `Deleted inet6 br0`
    case 'netconf': return /^inet6? (\S+)/.exec(body)?.[1] ?? null;
  }
}
