/** ls, status */
import { list, status } from '../../helper/engine';
import { readStatusLive } from '../../helper/live/status-live';
import { UsageError } from '../usage';
import { nameOrder } from '../../../shared/net/name-order';

export async function lsCmd(args: string[]): Promise<number> {
  const labs = await list();
  if (args.includes('--json')) { console.log(JSON.stringify(labs.map(({ lab: _l, ...s }) => s), null, 2)); return 0; }
  if (labs.length === 0) { console.log('no labs are running'); return 0; }
  console.log(table([['LAB', 'NODES', 'PRESENT', 'FILE'], ...labs.map((l) => [l.name, String(l.nodes), String(l.present), l.file ?? '-'])]));
  return 0;
}

export async function statusCmd(args: string[]): Promise<number> {
  const name = args.find((a) => !a.startsWith('--'));
  if (!name) throw new UsageError('status needs a lab name');
  const s = await status(name);
  const nodes = Object.entries(s.ledger.namespaces).map(([ns, e]) => {
    const o = s.observed[ns];
    return {
      node: e.node, namespace: ns, present: Boolean(o),
      interfaces: (o?.links ?? []).filter((l) => l.name !== 'lo').map((l) => ({
        name: l.name, kind: l.kind, state: l.operState, adminUp: l.adminUp, carrier: l.carrier, mtu: l.mtu, mac: l.mac, master: l.master, addresses: l.addresses,
      })),
      routes: (o?.routes ?? []).filter((r) => r.table === 'main' && r.type === 'unicast').map((r) => ({ family: r.family, to: r.to, via: r.via, dev: r.dev, metric: r.metric, protocol: r.protocol })),
      sysctl: o?.sysctl ?? {},
    };
  }).sort((a, b) => nameOrder(a.node, b.node));
  const drift = s.drift ? s.drift.map((d) => d.command) : null;
  if (args.includes('--json')) {
    // live: neighbours and cumulative counters per node (`nslab watch` streams them with rates)
    const read = await readStatusLive(nodes.filter((n) => n.present).map((n) => n.namespace));
    const live = Object.fromEntries(nodes.filter((n) => read[n.namespace]).map((n) => [n.node, read[n.namespace]]));
    console.log(JSON.stringify({ lab: name, file: s.ledger.file, nodes, inSync: drift ? drift.length === 0 : null, drift, live }, null, 2));
    return 0;
  }
  console.log(`lab ${name}${s.ledger.file ? ` (${s.ledger.file})` : ''}`);
  const rows = [['NODE', 'IFACE', 'STATE', 'MTU', 'ADDRESSES']];
  for (const n of nodes) {
    if (!n.present) { rows.push([n.node, '-', 'MISSING', '', '']); continue; }
    for (const i of n.interfaces) rows.push([n.node, i.name, i.state, String(i.mtu), i.addresses.join(' ') || (i.master ? `port of ${i.master}` : '')]);
    if (n.interfaces.length === 0) rows.push([n.node, '-', '', '', '']);
  }
  console.log(table(rows));
  if (drift === null) console.log('drift: unknown (the ledger holds no lab file)');
  else if (drift.length === 0) console.log('in sync with the lab file');
  else { console.log(`drift: the kernel differs from the lab file; nslab up would run:`); for (const d of drift) console.log(`  ${d}`); }
  return 0;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}
