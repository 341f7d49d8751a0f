/** Names and wording for checks: a check without a name gets one a student can read. */
import type { LabCheck } from '../../../shared/lab/schema';
import type { CheckKind } from './types';

export const kindOf = (c: LabCheck): CheckKind => (c.ping !== undefined ? 'ping' : c.route ? 'route' : 'command');

/** `h1 → h2 (ping)`, `h1 route to default via 10.0.1.1`, `r1: sysctl -n net.ipv4.ip_forward` */
export function checkName(c: LabCheck): string {
  if (c.name) return c.name;
  const negate = c.expect === 'fail' ? ' (must fail)' : '';
  if (c.ping !== undefined) return `${c.from} → ${c.ping} (ping)${negate}`;
  if (c.route) return `${c.from} route ${routeText(c.route)}${negate}`;
  return `${c.from}: ${(c.command ?? []).join(' ')}${negate}`;
}

export function routeText(r: { to: string; via?: string; dev?: string }): string {
  return `to ${r.to}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`;
}
