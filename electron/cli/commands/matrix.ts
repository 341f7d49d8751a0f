/** matrix LAB [--json]: who reaches whom (✓/✗), first address of each family. 0 all reach, 1 otherwise. */
import { connectivityMatrix, type Matrix } from '../../helper/checks/matrix';
import { UsageError } from '../usage';

export async function matrixCmd(args: string[]): Promise<number> {
  const lab = args.find((a) => !a.startsWith('--'));
  if (!lab) throw new UsageError('matrix needs a lab name');
  const m = await connectivityMatrix(lab);
  if (args.includes('--json')) console.log(JSON.stringify(m, null, 2));
  else console.log(grid(m));
  return m.cells.every((c) => c.ok) ? 0 : 1;
}

/** Rows: from; columns: to. A cell shows ✓/✗, or per family (`4✓ 6✗`) when they differ. */
export function grid(m: Matrix): string {
  const cell = (from: string, to: string): string => {
    if (from === to) return '·';
    const cs = m.cells.filter((c) => c.from === from && c.to === to);
    if (cs.length === 0) return '-';
    if (cs.every((c) => c.ok)) return '✓';
    if (cs.every((c) => !c.ok)) return '✗';
    return cs.map((c) => `${c.family}${c.ok ? '✓' : '✗'}`).join(' ');
  };
  const rows = [['from \\ to', ...m.nodes], ...m.nodes.map((f) => [f, ...m.nodes.map((t) => cell(f, t))])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const failed = m.cells.filter((c) => !c.ok).length;
  return [...rows.map((r) => r.map((x, c) => x.padEnd(widths[c]!)).join('  ').trimEnd()),
    '', `${m.cells.length - failed} of ${m.cells.length} pings answered (${m.durationMs} ms)`].join('\n');
}
