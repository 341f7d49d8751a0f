/**
 * Contract pieces of live kernel state (issue #4): the `live` event stream of a watched lab and
 * the discovery graph. The TypeScript types in shared/state/ (live.ts, counters.ts,
 * discovery.ts) are the source; these schemas check them when they cross a process boundary.
 * Sizes are bounded (arrays have a max) so a runaway kernel table cannot become an unbounded
 * frame; the compile-time checks at the bottom keep schema and types from drifting apart.
 */
import { z } from 'zod';
import type { CounterSample } from '../state/counters';
import type { DiscoveryGraph } from '../state/discovery';
import type { LiveDiff, LiveEvent, LiveNs, LiveState } from '../state/live';

/** Upper bounds of one event; generous for a lab (LIMITS.nodes is 2000), small for a frame. */
export const LIVE_MAX = { namespaces: 2000, links: 4096, addresses: 1024, routes: 16_384, neighbours: 16_384, sysctl: 256, diffs: 65_536, ops: 100_000 } as const;

const nsName = z.string().min(1).max(64);
const nodeName = z.string().max(24);
const labName = z.string().max(16);
const ifName = z.string().max(16);
const boundedRecord = <T extends z.ZodType>(value: T, max: number) =>
  z.record(z.string().max(256), value).refine((r) => Object.keys(r).length <= max, { message: `at most ${max} entries` });

const QdiscDto = z.union([
  z.object({ kind: z.literal('tbf'), rate: z.string() }),
  z.object({ kind: z.literal('netem'), delay: z.string().nullable(), jitter: z.string().nullable(), loss: z.string().nullable(), rate: z.string().nullable() }),
]);

const linkFields = {
  name: ifName,
  ifindex: z.number().int(),
  kind: z.string().max(32).nullable(),
  mtu: z.number().int(),
  mac: z.string().max(64),
  adminUp: z.boolean(),
  operState: z.string().max(32),
  carrier: z.boolean(),
  master: ifName.nullable(),
  alias: z.string().max(256).nullable(),
  qdisc: QdiscDto.nullable(),
  stp: z.boolean().optional(),
  peerIfindex: z.number().int().optional(),
};
export const LiveLinkDto = z.object(linkFields);
export const ObservedLinkDto = z.object({ ...linkFields, addresses: z.array(z.string().max(64)).max(LIVE_MAX.addresses) });
export const ObservedRouteDto = z.object({
  family: z.union([z.literal(4), z.literal(6)]),
  to: z.string().max(64),
  via: z.string().max(64).nullable(),
  dev: ifName.nullable(),
  metric: z.number().int(),
  protocol: z.string().max(32),
  table: z.string().max(32),
  type: z.string().max(32),
});
export const LiveNeighbourDto = z.object({
  dst: z.string().max(64),
  dev: ifName,
  lladdr: z.string().max(64).nullable(),
  state: z.array(z.string().max(32)).max(16),
  router: z.boolean(),
});
export const LiveNsDto = z.object({
  ns: nsName,
  node: nodeName,
  links: z.array(ObservedLinkDto).max(LIVE_MAX.links),
  routes: z.array(ObservedRouteDto).max(LIVE_MAX.routes),
  sysctl: boundedRecord(z.string().max(256), LIVE_MAX.sysctl),
  neighbours: z.array(LiveNeighbourDto).max(LIVE_MAX.neighbours),
});
export const LiveStateDto = z.object({ lab: labName, namespaces: boundedRecord(LiveNsDto, LIVE_MAX.namespaces) });

const at = { ns: nsName, node: nodeName };
export const LiveDiffDto = z.union([
  z.object({ ...at, kind: z.literal('ns'), op: z.literal('add'), value: LiveNsDto }),
  z.object({ ...at, kind: z.literal('ns'), op: z.literal('del') }),
  z.object({ ...at, kind: z.literal('link'), op: z.enum(['add', 'change']), value: LiveLinkDto }),
  z.object({ ...at, kind: z.literal('link'), op: z.literal('del'), name: ifName }),
  z.object({ ...at, kind: z.literal('addr'), op: z.enum(['add', 'del']), dev: ifName, cidr: z.string().max(64) }),
  z.object({ ...at, kind: z.literal('route'), op: z.enum(['add', 'del']), route: ObservedRouteDto }),
  z.object({ ...at, kind: z.literal('neigh'), op: z.enum(['add', 'change']), value: LiveNeighbourDto }),
  z.object({ ...at, kind: z.literal('neigh'), op: z.literal('del'), dev: ifName, dst: z.string().max(64) }),
  z.object({ ...at, kind: z.literal('sysctl'), op: z.literal('change'), key: z.string().max(256), value: z.string().max(256).nullable() }),
]);

const rate = z.number().nonnegative().nullable();
const count = z.number().nonnegative();
export const IfaceSampleDto = z.object({
  rxBytes: count, rxPackets: count, rxErrors: count, rxDrops: count,
  txBytes: count, txPackets: count, txErrors: count, txDrops: count,
  rxBps: rate, txBps: rate, rxPps: rate, txPps: rate,
});
export const CounterSampleDto = z.object({ ns: nsName, node: nodeName, at: z.number(), ifaces: boundedRecord(IfaceSampleDto, LIVE_MAX.links) });

/** The planned-op shape of api.ts, repeated here so this module does not import api.ts (api.ts imports it). */
const DriftOpDto = z.object({ index: z.number().int(), kind: z.string(), node: z.string().optional(), link: z.string().optional(), command: z.string() });

/** One message of a lab's live stream: snapshot first, then diffs (seq +1 each), counters, drift, errors. */
export const LiveEventDto = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), lab: labName, seq: z.number().int().nonnegative(), state: LiveStateDto }),
  z.object({ type: z.literal('diff'), lab: labName, seq: z.number().int().nonnegative(), diffs: z.array(LiveDiffDto).max(LIVE_MAX.diffs), kernelAt: z.number().nullable() }),
  z.object({ type: z.literal('counters'), lab: labName, samples: z.array(CounterSampleDto).max(LIVE_MAX.namespaces) }),
  z.object({ type: z.literal('drift'), lab: labName, ops: z.array(DriftOpDto).max(LIVE_MAX.ops).nullable() }),
  z.object({ type: z.literal('error'), lab: labName, ns: nsName.optional(), message: z.string().max(4096) }),
]);

const ifaceRef = z.object({ ns: z.string().max(64), iface: ifName });
export const DiscoveredIfaceDto = ObservedLinkDto.omit({ qdisc: true, stp: true }).extend({ peerIfindex: z.number().int().nullable(), peerNsid: z.number().int().nullable() });
export const DiscoveryGraphDto = z.object({
  namespaces: z.array(z.object({
    id: z.string().max(64),
    inode: z.number().int(),
    name: z.string().max(256).nullable(),
    host: z.boolean(),
    pids: z.array(z.number().int()).max(16),
    command: z.string().max(64).nullable(),
    lab: z.string().max(64).nullable(),
    node: z.string().max(64).nullable(),
    interfaces: z.array(DiscoveredIfaceDto).max(LIVE_MAX.links),
    error: z.string().max(4096).optional(),
  })).max(4096),
  links: z.array(z.union([
    z.object({ kind: z.literal('veth'), a: ifaceRef, b: ifaceRef }),
    z.object({ kind: z.literal('bridge-port'), bridge: ifaceRef, port: ifaceRef }),
  ])).max(65_536),
  unresolved: z.array(ifaceRef).max(65_536),
});

// Compile-time: what the schemas accept is exactly what the state types describe (both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(_: T) => _;
same<Same<z.infer<typeof LiveNsDto>, LiveNs>>(true);
same<Same<z.infer<typeof LiveStateDto>, LiveState>>(true);
same<Same<z.infer<typeof LiveDiffDto>, LiveDiff>>(true);
same<Same<z.infer<typeof CounterSampleDto>, CounterSample>>(true);
same<Same<z.infer<typeof LiveEventDto>, LiveEvent>>(true);
same<Same<z.infer<typeof DiscoveryGraphDto>, DiscoveryGraph>>(true);
