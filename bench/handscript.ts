/**
 * The baseline: the iproute2 script a careful person would write by hand for the same lab.
 * `ip netns add` per namespace, one `ip netns exec NS sysctl -w …` per namespace, then one
 * `ip -n NS -b FILE` per namespace with its veths created inside it (`peer … netns`). Namespaces
 * run in lab order, and a link is created by whichever end comes first, so every batch finds the
 * interfaces it configures. It creates the same objects nslab does (EARLY_SYSCTL included).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveLab } from '../shared/lab/resolve';
import type { Lab } from '../shared/lab/schema';
import { EARLY_SYSCTL } from '../shared/planner/plan';
import { LAB_TAG_PREFIX } from '../shared/ops/render';

export interface HandScript { dir: string; up: string; down: string; namespaces: string[] }

/** Namespace names of the script's copy of a lab: `benchsh-<lab>-<node>` (never nslab's). */
export const scriptNs = (lab: string, node: string): string => `benchsh-${lab.replace(/^bench-/, '')}-${node}`;

export function writeHandScript(lab: Lab): HandScript {
  const r = resolveLab(lab);
  const dir = mkdtempSync(join(tmpdir(), `nslab-bench-${lab.name}-`));
  const ns = new Map(r.nodes.map((n) => [n.name, scriptNs(lab.name, n.name)]));
  const rank = new Map(r.nodes.map((n, i) => [n.name, i]));
  const up: string[] = ['#!/bin/bash', 'set -e'];
  for (const n of r.nodes) up.push(`ip netns add ${ns.get(n.name)}`);
  for (const n of r.nodes) {
    const kv = { ...EARLY_SYSCTL, ...n.sysctl };
    // Fresh namespaces start with forwarding off: a person writes only what differs.
    const set = Object.entries(kv).filter(([k, v]) => !(k.endsWith('forward') || k.endsWith('forwarding')) || v !== '0');
    up.push(`ip netns exec ${ns.get(n.name)} sysctl -q -w ${set.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  }
  for (const n of r.nodes) {
    const lines: string[] = [`link set dev lo alias ${LAB_TAG_PREFIX}${lab.name} up`];
    if (n.bridge) lines.push(`link add name ${n.bridge.name} type bridge stp_state 0 forward_delay 0`, `link set dev ${n.bridge.name} up`);
    for (const l of r.links) {
      const [mine, other] = l.a.node === n.name ? [l.a, l.b] : l.b.node === n.name ? [l.b, l.a] : [null, null];
      if (!mine || !other || rank.get(other.node)! < rank.get(n.name)!) continue;
      lines.push(`link add name ${mine.iface} mtu 1500 type veth peer name ${other.iface} netns ${ns.get(other.node)} mtu 1500`);
    }
    for (const i of n.ifaces) {
      lines.push(`link set dev ${i.name}${i.master ? ` master ${i.master}` : ''} alias ${i.alias} up`);
      for (const a of i.addresses) lines.push(`addr add ${a} dev ${i.name}`);
    }
    for (const rt of n.routes) lines.push(`route replace ${rt.to} via ${rt.via} metric ${rt.metric}`);
    const file = join(dir, `${n.name}.batch`);
    writeFileSync(file, lines.join('\n') + '\n');
    up.push(`ip -n ${ns.get(n.name)} -b ${file}`);
  }
  const down = ['#!/bin/bash', ...r.nodes.map((n) => `ip netns del ${ns.get(n.name)}`)];
  const upFile = join(dir, 'up.sh'), downFile = join(dir, 'down.sh');
  writeFileSync(upFile, up.join('\n') + '\n');
  writeFileSync(downFile, down.join('\n') + '\n');
  return { dir, up: upFile, down: downFile, namespaces: [...ns.values()] };
}
