/**
 * The lab file (format version 1, ../shared/design/lab-format.md) as one zod schema: it gives the
 * TypeScript types, the runtime validator and the JSON Schema for editors (schema/lab.schema.json).
 * Structural rules live here; rules that relate parts of the lab to each other live in validate.ts.
 */
import { z } from 'zod';
import { canonicalCidr, canonicalIp, parseIp } from '../net/ip';
import { LAB_NAME, NODE_NAME, ifaceNameProblem } from '../net/names';

/** Limits that keep a stranger's lab file from exhausting the machine (issue: hostile input). */
export const LIMITS = { nodes: 2000, links: 4000, addressesPerInterface: 64, routesPerNode: 256, checks: 1000, textBytes: 4 * 1024 * 1024 } as const;

const ifaceName = z.string().superRefine((s, ctx) => {
  const p = ifaceNameProblem(s);
  if (p) ctx.addIssue({ code: 'custom', message: `interface name "${printable(s)}" ${p}` });
});

const cidr = z.string().superRefine((s, ctx) => {
  if (canonicalCidr(s) === null) ctx.addIssue({ code: 'custom', message: `"${printable(s)}" is not an address with a prefix length (like 10.0.1.2/24 or fd00::1/64)` });
});
const ip = z.string().superRefine((s, ctx) => {
  if (parseIp(s) === null) ctx.addIssue({ code: 'custom', message: `"${printable(s)}" is not an IPv4 or IPv6 address` });
});

export const Mtu = z.number().int('MTU must be a whole number').min(68, 'MTU must be at least 68').max(65535, 'MTU must be at most 65535 (the veth maximum)');
const mac = z.string().regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'MAC must look like 02:00:00:00:01:02')
  .refine((s) => (parseInt(s.slice(0, 2), 16) & 1) === 0, 'MAC must be unicast (the first octet must be even)');

export const Interface = z.strictObject({
  addresses: z.array(cidr).max(LIMITS.addressesPerInterface).optional(),
  mtu: Mtu.optional(),
  mac: mac.optional(),
});

export const Route = z.strictObject({
  to: z.union([z.literal('default'), cidr]),
  via: ip.optional(),
  dev: ifaceName.optional(),
  metric: z.number().int('metric must be a whole number').min(0, 'metric may not be negative').max(4294967295, 'metric must fit in 32 bits').optional(),
}).refine((r) => r.via !== undefined || r.dev !== undefined, 'a route needs "via" (a gateway) or "dev" (an on-link interface)');

const sysctlKey = z.string().regex(/^net\.[a-z0-9_]+(\.[a-zA-Z0-9_-]+)+$/, 'sysctl keys must start with "net." and contain only letters, digits, "_", "-" and dots');

export const Position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

export const NodeKind = z.enum(['host', 'router', 'switch']);
export const Node = z.strictObject({
  kind: NodeKind,
  interfaces: z.record(ifaceName, Interface).optional(),
  routes: z.array(Route).max(LIMITS.routesPerNode).optional(),
  sysctl: z.record(sysctlKey, z.union([z.string().regex(/^[\x20-\x7e]{0,64}$/, 'sysctl values must be short printable text'), z.number().int()])).optional(),
  stp: z.boolean().optional(),
  position: Position.optional(),
});

const endpoint = z.string().regex(/^[^:]+:[^:]+$/, 'an endpoint is "node:interface", like h1:eth0');
const rate = z.string().regex(/^\d+(\.\d+)?(bit|kbit|mbit|gbit|tbit|bps|kbps|mbps|gbps|tbps)$/i, 'rate must look like 10mbit, 512kbit or 1gbit');
const duration = z.string().regex(/^\d+(\.\d+)?(us|ms|s)$/, 'a duration looks like 20ms, 500us or 1s');
const loss = z.string().regex(/^(100(\.0+)?|\d{1,2}(\.\d+)?)%$/, 'loss is a percentage from 0% to 100%');

export const LinkObject = z.strictObject({
  endpoints: z.tuple([endpoint, endpoint]),
  mtu: Mtu.optional(),
  up: z.boolean().optional(),
  rate: rate.optional(),
  delay: duration.optional(),
  jitter: duration.optional(),
  loss: loss.optional(),
});
export const Link = z.union([LinkObject, z.tuple([endpoint, endpoint])]);

const target = z.string().min(1).max(64);
export const Check = z.strictObject({
  name: z.string().max(200).optional(),
  from: z.string().regex(NODE_NAME, 'from must be a node name'),
  ping: target.optional(),
  route: z.strictObject({ to: z.union([z.literal('default'), cidr]), via: ip.optional(), dev: ifaceName.optional() }).optional(),
  command: z.array(z.string().max(4096)).min(1).max(64).optional(),
  expect: z.union([
    z.enum(['success', 'fail']),
    z.strictObject({ exit: z.number().int().min(0).max(255).optional(), output: z.string().max(1000).optional() }),
  ]).optional(),
}).refine((c) => [c.ping, c.route, c.command].filter((x) => x !== undefined).length === 1,
  'a check has exactly one of "ping", "route" or "command"');

export const Exercise = z.strictObject({
  instructions: z.string().max(100_000),
  hidden_checks: z.boolean().optional(),
});

const nodeName = z.string().regex(NODE_NAME, 'a node name is 1-24 characters of A-Z, a-z, 0-9, "_" and "-", starting with a letter');
const nodeCount = [(n: object) => Object.keys(n).length <= LIMITS.nodes, `a lab may have at most ${LIMITS.nodes} nodes`] as const;
const linkCount = [LIMITS.links, `a lab may have at most ${LIMITS.links} links`] as const;

export const Lab = z.strictObject({
  version: z.literal(1, { error: 'this nslab understands lab format version 1' }).optional(),
  name: z.string().regex(LAB_NAME, 'a lab name is 1-16 characters of a-z, 0-9 and "-", starting with a letter'),
  description: z.string().max(10_000).optional(),
  nodes: z.record(nodeName, Node).refine(...nodeCount),
  links: z.array(Link).max(...linkCount).optional(),
  checks: z.array(Check).max(LIMITS.checks).optional(),
  exercise: Exercise.optional(),
});

/**
 * Lab with each node and link left unchecked (shared/lab/incremental.ts checks those one by one
 * with Node and Link): Lab accepts exactly what LabShell accepts with every node a Node and
 * every link a Link.
 */
export const LabShell = Lab.extend({
  nodes: z.record(nodeName, z.unknown()).refine(...nodeCount),
  links: z.array(z.unknown()).max(...linkCount).optional(),
});

export type Lab = z.infer<typeof Lab>;
export type LabNode = z.infer<typeof Node>;
export type LabInterface = z.infer<typeof Interface>;
export type LabRoute = z.infer<typeof Route>;
export type LabLink = z.infer<typeof Link>;
export type LabLinkObject = z.infer<typeof LinkObject>;
export type LabCheck = z.infer<typeof Check>;
export type NodeKind = z.infer<typeof NodeKind>;

/** Show control characters and non-ASCII as escapes, so an error message cannot hide them. */
export function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).slice(0, 80);
}

export { canonicalCidr, canonicalIp };
