/** trace LAB SRC DST [--udp PORT|--tcp PORT] [--json]: follow one probe hop by hop. 0 answered, 1 lost. */
import { trace } from '../../helper/trace/trace';
import type { Probe } from '../../helper/trace/probe';
import type { Hop, TraceResult } from '../../helper/trace/types';
import { UsageError } from '../usage';
import { parseFlags } from './check';

function probeOf(flags: Map<string, string | true>): Probe {
  const udp = flags.get('--udp');
  const tcp = flags.get('--tcp');
  if (udp !== undefined && tcp !== undefined) throw new UsageError('give --udp or --tcp, not both');
  const raw = udp ?? tcp;
  if (raw === undefined) return { kind: 'icmp' };
  const port = Number(raw);
  if (!/^\d+$/.test(String(raw)) || port < 1 || port > 65535) throw new UsageError(`port must be 1-65535, not "${raw}"`);
  return { kind: udp !== undefined ? 'udp' : 'tcp', port };
}

export async function traceCmd(args: string[]): Promise<number> {
  const { positional, flags } = parseFlags(args, ['--udp', '--tcp']);
  const unknown = [...flags.keys()].filter((f) => !['--udp', '--tcp', '--json'].includes(f));
  if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
  const [lab, src, dst] = positional;
  if (!lab || !src || !dst || positional.length > 3) throw new UsageError('trace needs LAB SRC DST');
  const r = await trace(lab, src, dst, probeOf(flags));
  if (flags.has('--json')) console.log(JSON.stringify(r, null, 2));
  else printTrace(r);
  return r.lost ? 1 : 0;
}

function hopLine(h: Hop): string[] {
  const l4 = h.l4;
  const what = !l4 ? h.summary
    : l4.proto === 'icmp' ? `ICMP ${l4.type}${l4.id !== undefined ? ` id ${l4.id} seq ${l4.seq}` : ''}${l4.code ? ` (${l4.code})` : ''}`
    : l4.proto === 'tcp' ? `TCP ${l4.sport} → ${l4.dport} [${l4.flags}]`
    : l4.proto === 'udp' ? `UDP ${l4.sport} → ${l4.dport}` : h.summary;
  return [`+${h.atUs} µs`, h.node, h.iface, h.direction, h.l2 ? `${h.l2.src} → ${h.l2.dst}` : '',
    h.l3 ? `${h.l3.src} → ${h.l3.dst}${h.l3.ttl !== null ? ` ttl ${h.l3.ttl}` : ''}` : '', what];
}

function printTrace(r: TraceResult): void {
  const probe = r.probe.kind === 'icmp' ? 'ping' : `${r.probe.kind} port ${r.probe.port}`;
  const verdict = r.lost ? 'LOST' : r.reached ? (r.replied ? `reached; answer: ${r.answer}` : 'reached; no answer (UDP owes none)') : 'not reached';
  console.log(`trace ${r.src} → ${r.dst}${r.dst !== r.dstAddress ? ` (${r.dstAddress})` : ''} with ${probe}: ${verdict}`);
  const rows: string[][] = [];
  if (r.request.length) { rows.push(['request']); rows.push(...r.request.map(hopLine)); }
  if (r.reply.length) { rows.push(['reply']); rows.push(...r.reply.map(hopLine)); }
  const widths = [0, 1, 2, 3, 4, 5].map((c) => Math.max(0, ...rows.filter((x) => x.length > 1).map((x) => (x[c] ?? '').length)));
  for (const row of rows) console.log(row.length === 1 ? `${row[0]}:` : `  ${row.map((cell, c) => (c < 6 ? cell.padEnd(widths[c]!) : cell)).join('  ')}`);
  if (r.lost) {
    const at = [r.lost.node, r.lost.iface, r.lost.direction].filter(Boolean).join(' ');
    console.log(`\nlost (${r.lost.path}) at ${at}: ${r.lost.reason}\n  ${r.lost.detail}`);
  }
  console.log(`\n${r.captured} interfaces captured; ${r.durationMs} ms`);
}
