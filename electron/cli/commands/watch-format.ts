/** Readable lines for `nslab watch` (without --json). */
import type { CounterSample } from '../../../shared/state/counters';
import type { LiveDiff, LiveEvent, LiveNs } from '../../../shared/state/live';
import { nameOrder } from '../../../shared/net/name-order';

const time = () => new Date().toISOString().slice(11, 23);

export function formatLiveEvent(e: LiveEvent): string[] {
  switch (e.type) {
    case 'snapshot': {
      const nss = Object.values(e.state.namespaces).sort((a, b) => nameOrder(a.node, b.node));
      if (nss.length === 0) return [`lab ${e.lab}: no namespaces yet (not running); waiting for it`];
      return [`lab ${e.lab}: ${nss.length} namespaces`, ...nss.flatMap(nsLines)];
    }
    case 'diff': return e.diffs.map((d) => `${time()} ${diffLine(d)}`);
    case 'counters': return e.samples.flatMap(counterLines);
    case 'drift':
      if (e.ops === null) return [`${time()} drift: unknown (the ledger holds no lab file)`];
      if (e.ops.length === 0) return [`${time()} in sync with the lab file`];
      return [`${time()} drift: nslab up would run:`, ...e.ops.map((o) => `    ${o.command}`)];
    case 'error': return [`${time()} error${e.ns ? ` in ${e.ns}` : ''}: ${e.message}`];
  }
}

function nsLines(n: LiveNs): string[] {
  return [
    `  ${n.node} (${n.ns})`,
    ...n.links.filter((l) => l.name !== 'lo').map((l) => `    ${l.name} ${l.operState} mtu ${l.mtu}${l.master ? ` master ${l.master}` : ''} ${l.addresses.join(' ')}`.trimEnd()),
    ...n.neighbours.map((x) => `    neigh ${x.dst} dev ${x.dev} ${x.lladdr ?? ''} ${x.state.join(',')}`.replace(/  +/g, ' ')),
  ];
}

function diffLine(d: LiveDiff): string {
  const sign = d.op === 'add' ? '+' : d.op === 'del' ? '-' : '~';
  switch (d.kind) {
    case 'ns': return `${sign} ${d.node}: namespace ${d.ns} ${d.op === 'add' ? 'appeared' : 'gone'}`;
    case 'link': return d.op === 'del' ? `- ${d.node}: link ${d.name}` : `${sign} ${d.node}: link ${d.value.name} ${d.value.adminUp ? 'up' : 'down'}, ${d.value.operState}, ${d.value.carrier ? 'carrier' : 'no carrier'}, mtu ${d.value.mtu}${d.value.master ? `, master ${d.value.master}` : ''}`;
    case 'addr': return `${sign} ${d.node}: addr ${d.cidr} dev ${d.dev}`;
    case 'route': {
      const r = d.route;
      return `${sign} ${d.node}: route ${r.to}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}${r.table !== 'main' ? ` table ${r.table}` : ''}${r.type !== 'unicast' ? ` (${r.type})` : ''} metric ${r.metric}`;
    }
    case 'neigh': return d.op === 'del' ? `- ${d.node}: neigh ${d.dst} dev ${d.dev}` : `${sign} ${d.node}: neigh ${d.value.dst} dev ${d.value.dev} ${d.value.lladdr ?? ''} ${d.value.state.join(',')}`.replace(/  +/g, ' ');
    case 'sysctl': return `~ ${d.node}: ${d.key} = ${d.value ?? '(unset)'}`;
  }
}

const rate = (bps: number | null) => (bps === null ? '-' : bps >= 1e6 ? `${(bps / 1e6).toFixed(1)} MB/s` : bps >= 1e3 ? `${(bps / 1e3).toFixed(1)} kB/s` : `${Math.round(bps)} B/s`);

/** Only interfaces that moved traffic since the last sample, so an idle lab prints nothing. */
function counterLines(s: CounterSample): string[] {
  return Object.entries(s.ifaces)
    .filter(([name, c]) => name !== 'lo' && ((c.rxBps ?? 0) > 0 || (c.txBps ?? 0) > 0))
    .map(([name, c]) => `${time()}   ${s.node}:${name} rx ${rate(c.rxBps)} (${Math.round(c.rxPps ?? 0)} pkt/s) tx ${rate(c.txBps)} (${Math.round(c.txPps ?? 0)} pkt/s)${c.rxErrors + c.txErrors + c.rxDrops + c.txDrops ? ` errors ${c.rxErrors + c.txErrors} drops ${c.rxDrops + c.txDrops}` : ''}`);
}
