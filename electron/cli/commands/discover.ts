/** discover: every network namespace on the machine and the cables between them (read-only). */
import type { DiscoveredNs } from '../../../shared/state/discovery';
import { discover } from '../../helper/live/discover';

export async function discoverCmd(args: string[]): Promise<number> {
  const g = await discover();
  if (args.includes('--json')) { console.log(JSON.stringify(g, null, 2)); return 0; }
  const label = new Map(g.namespaces.map((n) => [n.id, nsLabel(n)]));
  for (const n of g.namespaces) {
    console.log(`${label.get(n.id)}${n.lab ? `  [lab ${n.lab}${n.node ? `, node ${n.node}` : ''}]` : ''}${n.error ? `  (unreadable: ${n.error})` : ''}`);
    for (const i of n.interfaces) {
      if (i.name === 'lo') continue;
      console.log(`    ${i.name}${i.kind ? ` (${i.kind})` : ''} ${i.operState}${i.master ? ` master ${i.master}` : ''} ${i.addresses.join(' ')}`.trimEnd());
    }
  }
  const veths = g.links.filter((l) => l.kind === 'veth');
  if (veths.length) console.log('\ncables:');
  for (const l of veths) if (l.kind === 'veth') console.log(`  ${label.get(l.a.ns)}:${l.a.iface} <-> ${label.get(l.b.ns)}:${l.b.iface}`);
  if (g.unresolved.length) console.log(`\nveth ends whose peer could not be placed: ${g.unresolved.map((u) => `${label.get(u.ns)}:${u.iface}`).join(', ')}`);
  return 0;
}

function nsLabel(n: DiscoveredNs): string {
  if (n.host) return 'host';
  if (n.name) return n.name;
  return `pid ${n.pids[0] ?? '?'}${n.command ? ` (${n.command})` : ''}`;
}
