/**
 * The nsfd addon (native/nsfd.c, built by `npm ci` through scripts/build-native.mjs): file
 * descriptors opened inside a named network namespace without starting a process. Absent addon,
 * or NSLAB_EXECUTOR=iproute2: null, and the kernel layer runs iproute2 processes as before.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Nsfd {
  /**
   * a bound NETLINK_ROUTE socket living in the namespace at nsPath; with a non-zero multicast
   * group mask, a non-blocking listener of those groups (only when `version` ≥ 2: an older
   * addon ignores the mask and would hand back a blocking socket)
   */
  openNetlinkIn(nsPath: string, groups?: number): number;
  /** absent in the first addon; 2 = openNetlinkIn takes a group mask; 3 = pending */
  version?: number;
  /**
   * (version ≥ 5) each path opened for writing inside the namespace at nsPath and its value
   * written, in one visit (≤ 256 items); per item null or what failed
   */
  writeFilesIn?(nsPath: string, paths: string[], values: string[]): ({ open: boolean; errno: number; message: string } | null)[];
  /**
   * (version ≥ 4) ETHTOOL_GLINK for a device, through any socket `fd` of its namespace. The kernel
   * settles the device's pending link-watch event on the spot (operstate, qdisc activation).
   */
  linkDetected?(fd: number, ifname: string): boolean;
  /** (version ≥ 3) the fds of `fds` that have something to read or an error pending: one poll(2) */
  pending?(fds: number[]): number[];
  /** (version ≥ 6) SIOCGIFINDEX through any socket `fd` of a namespace: the index, 0 when no such device */
  ifindexOf?(fd: number, ifname: string): number;
  /**
   * (version ≥ 6) the inode of dir/name for each name (following a bind mount), -1 where there is
   * no such file (a name with "/", ".", "..", or over 255 bytes counts as none); other errors throw
   */
  inodesIn?(dir: string, names: string[]): Float64Array;
  /**
   * (version ≥ 7) a non-blocking inotify fd watching dir for names created, removed or renamed
   * (and dir itself going); -1 when dir does not exist
   */
  watchDir?(dir: string): number;
  /** (version ≥ 7) each fd's poll(2) revents for POLLIN|POLLPRI, timeout 0 (at most 64 fds) */
  revents?(fds: number[]): Int32Array;
  /**
   * (version ≥ 8) named namespaces dir/NAME created (`create[i]`) or removed as `ip netns add` /
   * `ip netns del` do, in `threads` consecutive slices at once, each stopping at its first
   * failure; per name null (done), false (not run) or ip's message for the failure
   */
  netnsBatch?(dir: string, names: string[], create: boolean[], threads: number): NetnsResult[];
  /**
   * (version ≥ 9) the same, and right after creating namespace i, on the same thread: each step
   * of `then[i]` in order — [path, value] writes a file (a sysctl, resolved in the new namespace),
   * a Buffer is an rtnetlink request (header included, ack requested) sent on a socket opened
   * there. A run of file steps is written whole; a failed step ends that namespace's steps after
   * its run (the slice goes on with the next name).
   */
  netnsBatch?(dir: string, names: string[], create: boolean[], threads: number, then: (NetnsStep[] | null)[]): { names: NetnsResult[]; steps: (StepResult[] | null)[] };
  /** path opened (read-only, or write-only) from inside the namespace at nsPath */
  openFileIn(nsPath: string, path: string, write: boolean): number;
}

/** per name: null (done), false (not run: a failure came before it in its slice), or ip's message */
export type NetnsResult = string | null | false;
export type NetnsStep = [path: string, value: string] | Buffer;
/** per step: null (done), false (not run), or what failed: a file's open or write, a request's refusal (`ack`: the kernel's answer) */
export type StepResult = null | false | { errno: number; message: string; open?: boolean; ack?: Buffer | null };

let loaded: Nsfd | null | undefined;

/** Where the addon may be: NSLAB_NATIVE, then build/ at the repository (or app) root. */
function candidates(): string[] {
  const here = typeof import.meta.dirname === 'string' ? import.meta.dirname : dirname(fileURLToPath(import.meta.url));
  const out = process.env.NSLAB_NATIVE ? [process.env.NSLAB_NATIVE] : [];
  for (let d = here, i = 0; i < 6; i++, d = dirname(d)) out.push(join(d, 'build', 'nsfd.node'));
  return out;
}

/** The addon, or null when it is not built or iproute2 was asked for. */
export function nsfd(): Nsfd | null {
  if (process.env.NSLAB_EXECUTOR === 'iproute2') return null;
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== 'linux') return loaded;
  const require = createRequire(import.meta.url);
  for (const p of candidates()) {
    if (!existsSync(p)) continue;
    try { loaded = require(p) as Nsfd; break; } catch { /* wrong ABI or arch: try the next, else iproute2 */ }
  }
  return loaded;
}

/** Where iproute2 pins named namespaces. */
export const NETNS_DIR = '/run/netns';
/** The file a named namespace is pinned at (`ip netns add` bind-mounts it there). */
export const netnsPath = (name: string): string => `${NETNS_DIR}/${name}`;
