/**
 * What this machine can do, for `nslab doctor` and the pre-flight check before an apply. Kernel
 * support is probed by really trying inside a scratch namespace (module lists and config files
 * lie or are absent), and the scratch namespace is always deleted.
 */
import { readFile } from 'node:fs/promises';
import { release } from 'node:os';
import { runBatch, runCommand } from './run';

export interface Feature { ok: boolean; detail: string; fix?: string }

export interface Features {
  /** root, or CAP_NET_ADMIN + CAP_SYS_ADMIN (namespaces need both) */
  privileges: Feature;
  iproute2: Feature & { version: string | null };
  kernel: Feature & { release: string };
  veth: Feature;
  bridge: Feature;
  tbf: Feature;
  netem: Feature;
  /** 802.1Q VLAN devices (not used by lab format 1; reported for doctor) */
  vlan: Feature;
  nftables: Feature;
}

const FIX = {
  privileges: 'run as root (sudo nslab …) or start the helper through pkexec',
  iproute2: 'install iproute2 5.0 or newer (Debian/Ubuntu: apt install iproute2)',
  veth: 'load the veth module: modprobe veth, or use a kernel built with CONFIG_VETH',
  bridge: 'load the bridge module: modprobe bridge, or use a kernel built with CONFIG_BRIDGE',
  tbf: 'load the sch_tbf module: modprobe sch_tbf, or use a kernel built with CONFIG_NET_SCH_TBF',
  netem: 'load the sch_netem module: modprobe sch_netem, or use a kernel built with CONFIG_NET_SCH_NETEM',
  vlan: 'load the 8021q module: modprobe 8021q, or use a kernel built with CONFIG_VLAN_8021Q',
  nftables: 'install nftables (apt install nftables) and use a kernel with CONFIG_NF_TABLES (modprobe nf_tables)',
} as const;

const CAP_NET_ADMIN = 12n;
const CAP_SYS_ADMIN = 21n;

let cached: Promise<Features> | null = null;
let probeCounter = 0;

/** Detect once per process; `fresh` probes again (after the user loaded a module, say). */
export function detectFeatures(opts: { fresh?: boolean } = {}): Promise<Features> {
  if (!cached || opts.fresh) cached = probeAll();
  return cached;
}

async function probeAll(): Promise<Features> {
  const privileges = await probePrivileges();
  const iproute2 = await probeIproute2();
  const kernel = { ok: true, detail: `Linux ${release()}`, release: release() };
  const features: Features = {
    privileges, iproute2, kernel,
    veth: notProbed('veth'), bridge: notProbed('bridge'), tbf: notProbed('tbf'),
    netem: notProbed('netem'), vlan: notProbed('vlan'), nftables: notProbed('nftables'),
  };
  if (!privileges.ok || !iproute2.ok) {
    const why = !privileges.ok ? 'needs root to probe' : 'needs iproute2 to probe';
    for (const k of ['veth', 'bridge', 'tbf', 'netem', 'vlan', 'nftables'] as const) features[k] = { ok: false, detail: why, fix: FIX[k] };
    return features;
  }
  const ns = `nslabprobe-${process.pid}-${++probeCounter}`;
  try {
    const add = await runBatch('ip', null, [['netns', 'add', ns]]);
    if (!add.ok) {
      const detail = `cannot create a scratch namespace: ${add.message}`;
      for (const k of ['veth', 'bridge', 'tbf', 'netem', 'vlan', 'nftables'] as const) features[k] = { ok: false, detail, fix: FIX.privileges };
      return features;
    }
    features.veth = await tryIp(ns, 'veth', ['link', 'add', 'name', 'pv0', 'type', 'veth', 'peer', 'name', 'pv1'], 'veth pairs work');
    features.bridge = await tryIp(ns, 'bridge', ['link', 'add', 'name', 'pbr0', 'type', 'bridge'], 'bridges work');
    features.vlan = features.veth.ok
      ? await tryIp(ns, 'vlan', ['link', 'add', 'link', 'pv0', 'name', 'pv0.10', 'type', 'vlan', 'id', '10'], '802.1Q VLAN devices work')
      : { ok: false, detail: 'not probed: needs a veth as the parent device', fix: FIX.vlan };
    // qdiscs on loopback, so they do not depend on veth
    features.tbf = await tryTc(ns, 'tbf', ['qdisc', 'replace', 'dev', 'lo', 'root', 'tbf', 'rate', '10mbit', 'burst', '16384', 'latency', '50ms'], 'tbf rate limiting works');
    features.netem = await tryTc(ns, 'netem', ['qdisc', 'replace', 'dev', 'lo', 'root', 'netem', 'delay', '1ms'], 'netem delay/loss works');
    features.nftables = await probeNft(ns);
  } finally {
    await runBatch('ip', null, [['netns', 'del', ns]]).catch(() => undefined);
  }
  return features;
}

function notProbed(k: keyof typeof FIX): Feature {
  return { ok: false, detail: 'not probed', fix: FIX[k] };
}

async function tryIp(ns: string, k: keyof typeof FIX, args: string[], okDetail: string): Promise<Feature> {
  const r = await runBatch('ip', ns, [args]);
  return r.ok ? { ok: true, detail: okDetail } : { ok: false, detail: `the kernel refused (${r.message})`, fix: FIX[k] };
}

async function tryTc(ns: string, k: keyof typeof FIX, args: string[], okDetail: string): Promise<Feature> {
  const r = await runBatch('tc', ns, [args]);
  return r.ok ? { ok: true, detail: okDetail } : { ok: false, detail: `the kernel refused (${r.message})`, fix: FIX[k] };
}

async function probeNft(ns: string): Promise<Feature> {
  const r = await runCommand('ip', ['netns', 'exec', ns, 'nft', 'add', 'table', 'inet', 'nslabprobe']);
  if (r.ok) return { ok: true, detail: 'nft works' };
  const missing = r.notFound || /exec of "nft" failed: No such file|nft: not found|No such file or directory/.test(r.stderr);
  return { ok: false, detail: missing ? 'the nft command is not installed' : `nft failed (${r.stderr.trim()})`, fix: FIX.nftables };
}

async function probePrivileges(): Promise<Feature> {
  if (process.getuid?.() === 0) return { ok: true, detail: 'running as root' };
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const eff = BigInt('0x' + (/^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? '0'));
    const has = (bit: bigint) => (eff >> bit) & 1n;
    if (has(CAP_NET_ADMIN) && has(CAP_SYS_ADMIN)) return { ok: true, detail: 'CAP_NET_ADMIN and CAP_SYS_ADMIN' };
    return { ok: false, detail: `not root (uid ${process.getuid?.()}) and missing ${has(CAP_NET_ADMIN) ? '' : 'CAP_NET_ADMIN '}${has(CAP_SYS_ADMIN) ? '' : 'CAP_SYS_ADMIN'}`.trim(), fix: FIX.privileges };
  } catch {
    return { ok: false, detail: 'cannot read process capabilities', fix: FIX.privileges };
  }
}

/** `ip utility, iproute2-6.1.0, libbpf 1.1.2` → `6.1.0`; also older `iproute2-ss200127`. */
export function parseIpVersion(text: string): string | null {
  return /iproute2-(?:ss)?([0-9][0-9.]*[0-9])/.exec(text)?.[1] ?? /iproute2[- ]([\w.]+)/.exec(text)?.[1] ?? null;
}

async function probeIproute2(): Promise<Features['iproute2']> {
  const r = await runCommand('ip', ['-V']);
  if (r.notFound) return { ok: false, detail: 'the ip command is not installed', fix: FIX.iproute2, version: null };
  const version = parseIpVersion(r.stdout + r.stderr);
  if (!version) return { ok: false, detail: `cannot read the iproute2 version from ${JSON.stringify((r.stdout + r.stderr).trim())}`, fix: FIX.iproute2, version };
  // JSON output for every object we read (`route`, `netconf`) and `-n` are in 5.0; snapshot
  // versions (ssYYMMDD) are dates from before 2020.
  const major = Number(version.split('.')[0]);
  const ok = !version.includes('.') ? false : major >= 5;
  return ok
    ? { ok: true, detail: `iproute2 ${version}`, version }
    : { ok: false, detail: `iproute2 ${version} is too old`, fix: FIX.iproute2, version };
}
