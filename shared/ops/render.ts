/**
 * Operation → the iproute2 / tc / sysctl command that means the same thing. The command log,
 * `nslab script` and the executor's batches all come from here, so what a student reads is what
 * ran. Keywords (`name`, `dev`) are always spelled out: `ip link add a …` would parse `a` as
 * `address`.
 */
import type { DesiredRoute, Qdisc } from '../lab/resolve';
import { rateBytes } from '../net/tc-units';
import type { Op } from './types';

/** The loopback alias that tags a namespace as a lab's node: `nslab-lab:<lab>`. */
export const LAB_TAG_PREFIX = 'nslab-lab:';

/** One command: the tool, the namespace it runs in (null = the host's), and its arguments. */
export interface Command { tool: 'ip' | 'tc' | 'sysctl'; ns: string | null; args: string[] }

export function renderOp(op: Op): Command {
  switch (op.kind) {
    case 'netns.add': return { tool: 'ip', ns: null, args: ['netns', 'add', op.ns] };
    case 'netns.del': return { tool: 'ip', ns: null, args: ['netns', 'del', op.ns] };
    case 'ns.init': return { tool: 'ip', ns: op.ns, args: ['link', 'set', 'dev', 'lo', 'alias', `${LAB_TAG_PREFIX}${op.lab}`, 'up'] };
    case 'bridge.add':
      return { tool: 'ip', ns: op.ns, args: ['link', 'add', 'name', op.name, 'type', 'bridge', 'stp_state', op.stp ? '1' : '0', 'forward_delay', op.stp ? '400' : '0'] };
    case 'bridge.set':
      return { tool: 'ip', ns: op.ns, args: ['link', 'set', 'dev', op.name, 'type', 'bridge', 'stp_state', op.stp ? '1' : '0', 'forward_delay', op.stp ? '400' : '0'] };
    case 'veth.add':
      return {
        tool: 'ip', ns: op.ns,
        args: [
          'link', 'add', 'name', op.name, 'mtu', String(op.mtu), ...(op.mac ? ['address', op.mac] : []),
          'type', 'veth', 'peer', 'name', op.peerName, 'netns', op.peerNs, 'mtu', String(op.peerMtu),
          ...(op.peerMac ? ['address', op.peerMac] : []),
        ],
      };
    case 'link.del': return { tool: 'ip', ns: op.ns, args: ['link', 'del', 'dev', op.name] };
    case 'link.set': {
      const args = ['link', 'set', 'dev', op.name];
      if (op.mtu !== undefined) args.push('mtu', String(op.mtu));
      if (op.mac !== undefined) args.push('address', op.mac);
      if (op.master !== undefined) args.push(...(op.master === null ? ['nomaster'] : ['master', op.master]));
      if (op.alias !== undefined) args.push('alias', op.alias);
      if (op.up !== undefined) args.push(op.up ? 'up' : 'down');
      return { tool: 'ip', ns: op.ns, args };
    }
    // nodad: a lab address is unique by validation, and duplicate detection would hold IPv6
    // addresses "tentative" for a second after deploy.
    case 'addr.add': return { tool: 'ip', ns: op.ns, args: ['addr', 'add', op.cidr, 'dev', op.dev, ...(op.cidr.includes(':') ? ['nodad'] : [])] };
    case 'addr.del': return { tool: 'ip', ns: op.ns, args: ['addr', 'del', op.cidr, 'dev', op.dev] };
    case 'route.add': return { tool: 'ip', ns: op.ns, args: routeArgs('replace', op.route) };
    case 'route.del': return { tool: 'ip', ns: op.ns, args: routeArgs('del', op.route) };
    case 'qdisc.replace': return { tool: 'tc', ns: op.ns, args: ['qdisc', 'replace', 'dev', op.dev, 'root', ...qdiscArgs(op.qdisc)] };
    case 'qdisc.del': return { tool: 'tc', ns: op.ns, args: ['qdisc', 'del', 'dev', op.dev, 'root'] };
    case 'sysctl.early':
    case 'sysctl.set': return { tool: 'sysctl', ns: op.ns, args: ['-q', '-w', `${op.key}=${op.value}`] };
  }
}

function routeArgs(verb: 'replace' | 'del', r: DesiredRoute): string[] {
  // Batch lines take no `-6`: the family follows from the prefix or the gateway, and an IPv6
  // default route without a gateway is spelled `::/0`.
  const to = r.to === 'default' && r.family === 6 && !r.via ? '::/0' : r.to;
  const args = ['route', verb, to];
  if (r.via) args.push('via', r.via);
  if (r.dev) args.push('dev', r.dev);
  args.push('metric', String(r.metric));
  return args;
}

/** tbf's burst must hold at least one timer tick of traffic at the rate; 32 kB covers 10 Gbit/s at 250 Hz poorly, so scale it. */
function qdiscArgs(q: Qdisc): string[] {
  if (q.kind === 'tbf') return ['tbf', 'rate', q.rate, 'burst', burstFor(q.rate), 'latency', '50ms'];
  const args = ['netem'];
  if (q.delay) args.push('delay', q.delay, ...(q.jitter ? [q.jitter] : []));
  if (q.loss) args.push('loss', q.loss);
  if (q.rate) args.push('rate', q.rate);
  return args;
}

function burstFor(rate: string): string {
  // 4 ms of traffic at the rate, never below 16 kB (kernel needs at least one MTU + overhead).
  return String(Math.max(16384, Math.ceil((rateBytes(rate) ?? 0) * 0.004)));
}

/** The full command line as argv (what `nslab script` and the command log show). */
export function commandArgv(c: Command): string[] {
  if (c.tool === 'sysctl') return ['ip', 'netns', 'exec', c.ns!, 'sysctl', ...c.args];
  return c.ns === null ? [c.tool, ...c.args] : [c.tool, '-n', c.ns, ...c.args];
}

/** Quote for a POSIX shell, only where needed. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-.,:/=@%+]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export const commandLine = (op: Op): string => commandArgv(renderOp(op)).map(shellQuote).join(' ');
