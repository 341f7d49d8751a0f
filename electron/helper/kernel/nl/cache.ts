/**
 * An event-fed observation cache for a long-lived engine (the helper): `apply` re-reads only the
 * namespaces whose kernel state may have changed since they were last read, instead of all of
 * them (bench/README.md, "Incremental change").
 *
 * Per namespace it keeps one non-blocking rtnetlink socket opened inside it and subscribed to the
 * groups whose notifications cover everything an ObservedNs holds: links (flags, operstate,
 * carrier, master, alias, mtu, bridge STP), addresses, routes (v4/v6), tc qdiscs, and netconf
 * (the two forwarding sysctls). The kernel queues a notification on every subscribed socket
 * while it makes the change, before the syscall that made it returns, so when a namespace's
 * queue is empty every change finished before this moment is already reflected in the cached
 * read. Hence, per namespace at each `observe`:
 *
 *   drain the socket → anything there (or ENOBUFS: the queue overflowed) → full read
 *   (with addon version 3, one poll(2) over all sockets first: only those with something
 *   queued or an error are drained)
 *                    → nothing → the cached read, plus the lab's other sysctls re-read through
 *                      files held open inside the namespace (sysctls other than forwarding send
 *                      no notification, so they are read every time; ~1 µs each)
 *
 * The drain happens before the read, so a change that lands during the read is in the queue and
 * makes the next observe read again: the cache can cost an extra read, never a missed change.
 *
 * The socket holds a reference to its namespace, so a namespace deleted by `ip netns del`
 * would linger (and with it the peers of its veths) while the cache holds it: /run/netns is
 * watched and an entry is dropped the moment its name disappears; the engine also drops entries
 * before it deletes namespaces itself, and an entry whose /run/netns inode changed is dropped.
 */
import { closeSync, existsSync, readSync, watch, type FSWatcher } from 'node:fs';
import type { ObservedLab, ObservedNs } from '../../../../shared/state/observed';
import { sysctlPath } from './execute';
import { netnsPath, type Nsfd } from './native';
import { NlSocket } from './netlink';
import { observeFast } from './observe';

/** rtnetlink multicast groups (linux/rtnetlink.h enum rtnetlink_groups). */
const RTNLGRP = { LINK: 1, TC: 4, IPV4_IFADDR: 5, IPV4_ROUTE: 7, IPV6_IFADDR: 9, IPV6_ROUTE: 11, IPV4_NETCONF: 24, IPV6_NETCONF: 25 } as const;
export const CACHE_GROUPS = Object.values(RTNLGRP).reduce((m, g) => (m | (1 << (g - 1))) >>> 0, 0);

interface Entry {
  ns: string;
  inode: number;
  fd: number;
  observed: ObservedNs | null;
  /** the object last returned for `observed` (with re-read sysctls); not mutated by callers */
  served: ObservedNs | null;
  extraKey: string;
  extraFds: Map<string, number>;
  /** a read started later than another wins, whichever finishes last */
  readSeq: number;
  /** a plain request socket in the namespace, lent to the executor (socketFor) */
  req: NlSocket | null;
}

const DRAIN = Buffer.alloc(64 << 10);
const SYSCTL = Buffer.alloc(4096);
const NO_SYSCTL: Record<string, string> = Object.freeze({}) as Record<string, string>;

export interface CacheStats { reads: number; hits: number }

export class ObserveCache {
  private readonly entries = new Map<string, Entry>();
  private fsWatcher: FSWatcher | null = null;
  private warmTimer: NodeJS.Timeout | undefined;
  private warming: { names: () => Map<string, number | null>; extra: (ns: string) => string[] } | null = null;
  readonly stats: CacheStats = { reads: 0, hits: 0 };

  constructor(private readonly native: Nsfd) {}

  /** The addon can open listeners (native/nsfd.c version 2). */
  static supported(native: Nsfd | null): native is Nsfd {
    return !!native && (native.version ?? 1) >= 2;
  }

  /**
   * Observe `names` (their /run/netns inodes in `inodes`; a name absent there is absent from the
   * result), reading only namespaces with pending events, new ones, or changed sysctl keys.
   */
  async observe(names: string[], inodes: ReadonlyMap<string, number | null>, extraSysctl: (ns: string) => string[]): Promise<ObservedLab> {
    const out: ObservedLab = {};
    // one poll(2) over every held socket (addon version 3) instead of a failing read per socket
    // (`busy`: the fds with something queued. A socket opened after the poll has no observation
    // yet, so it is read whatever the poll said about an fd of the same number.)
    let busy: Set<number> | undefined;
    if (this.native.pending) {
      const fds: number[] = [];
      this.entries.forEach((e) => { fds.push(e.fd); });
      busy = new Set(this.native.pending(fds));
    }
    // Hits are answered synchronously; only namespaces to read again wait for the read (the
    // result keeps the order of `names` either way).
    const unique = [...new Set(names)];
    const got: (ObservedNs | null | Promise<ObservedNs | null>)[] = unique.map((ns) => {
      const inode = inodes.get(ns) ?? null;
      const extra = extraSysctl(ns);
      const e = this.entry(ns, inode);
      return e === null ? null : this.cached(e, extra, busy) ?? this.read(e, extra);
    });
    for (let i = 0; i < unique.length; i++) {
      const g = got[i]!;
      // (awaiting a value that is no promise would still cost a turn of the microtask queue)
      const o = g instanceof Promise ? await g : g;
      if (o) out[unique[i]!] = o;
    }
    return out;
  }

  /** `busy`: the fds a poll just found with something queued (the others need no drain); none: drain. */
  private async one(ns: string, inode: number | null, extra: string[], busy?: ReadonlySet<number>): Promise<ObservedNs | null> {
    const e = this.entry(ns, inode);
    if (e === null) return null;
    return this.cached(e, extra, busy) ?? this.read(e, extra);
  }

  /** The namespace's entry, opened if new; null when it does not exist (or cannot be entered). */
  private entry(ns: string, inode: number | null): Entry | null {
    let e = this.entries.get(ns);
    if (e && e.inode !== inode) { this.forget(ns); e = undefined; }
    if (inode === null) return null;
    if (!e) {
      let fd: number;
      try { fd = this.native.openNetlinkIn(netnsPath(ns), CACHE_GROUPS); } catch { return null; }
      e = { ns, inode, fd, observed: null, served: null, extraKey: '', extraFds: new Map(), readSeq: 0, req: null };
      this.entries.set(ns, e);
      this.watchDir();
    }
    return e;
  }

  /** The cached observation when no event arrived since it was read; undefined: read again. */
  private cached(e: Entry, extra: string[], busy?: ReadonlySet<number>): ObservedNs | undefined {
    const key = extra.length ? extra.join('\n') : '';
    const changed = busy && !busy.has(e.fd) ? false : drain(e.fd);
    if (changed || !e.observed || key !== e.extraKey) return undefined;
    const sysctl = extra.length ? this.rereadExtra(e, extra) : NO_SYSCTL;
    if (!sysctl) return undefined;
    this.stats.hits++;
    // the same object while nothing changed: the planner skips namespaces by identity
    const served = e.served ?? e.observed;
    let differs = false;
    for (const k in sysctl) if (served.sysctl[k] !== sysctl[k]) differs = true;
    e.served = differs ? { ...e.observed, sysctl: { ...e.observed.sysctl, ...sysctl } } : served;
    return e.served;
  }

  /** Read the namespace afresh (changed, new, or a sysctl file could not be re-read). */
  private async read(e: Entry, extra: string[]): Promise<ObservedNs | null> {
    const { ns } = e;
    const key = extra.join('\n');
    this.stats.reads++;
    const seq = ++e.readSeq;
    const o = await observeFast(this.native, ns, extra);
    if (this.entries.get(ns) === e && seq === e.readSeq) {
      if (o) {
        e.observed = o;
        e.served = null;
        e.extraKey = key;
        this.holdExtra(e, extra);
      } else this.forget(ns);
    }
    return o;
  }

  /** Current values of the non-forwarding sysctl keys from the files held open; null when one fails. */
  private rereadExtra(e: Entry, extra: string[]): Record<string, string> | null {
    const out: Record<string, string> = {};
    for (const key of extra) {
      const fd = e.extraFds.get(key);
      if (fd === undefined) {
        // the kernel lacks the key (observeFast left it out): still absent?
        if (e.observed!.sysctl[key] !== undefined) return null;
        continue;
      }
      try { out[key] = SYSCTL.toString('utf8', 0, readSync(fd, SYSCTL, 0, SYSCTL.length, 0)).trim().replace(/\s+/g, ' '); } catch { return null; }
    }
    return out;
  }

  private holdExtra(e: Entry, extra: string[]): void {
    for (const fd of e.extraFds.values()) closeSync(fd);
    e.extraFds.clear();
    for (const key of extra) {
      if (e.observed!.sysctl[key] === undefined) continue;
      try { e.extraFds.set(key, this.native.openFileIn(netnsPath(e.ns), sysctlPath(key), false)); } catch { /* re-read in full next time */ e.extraKey = ''; }
    }
  }

  /** Drop a namespace's entry (before it is deleted, or when it is gone). */
  forget(ns: string): void {
    const e = this.entries.get(ns);
    if (!e) return;
    this.entries.delete(ns);
    e.readSeq++;
    closeSync(e.fd);
    e.req?.close();
    for (const fd of e.extraFds.values()) closeSync(fd);
  }

  /**
   * A request socket inside a namespace the cache holds (the one its last observe found under
   * that name, by inode), kept until the entry is dropped: the executor's (SocketLender), so a
   * small change opens no socket. Like the listener, it keeps the namespace alive, and goes with
   * the entry. null: no entry (a namespace this apply creates), or it cannot be opened.
   */
  socketFor(ns: string): NlSocket | null {
    const e = this.entries.get(ns);
    if (!e) return null;
    if (!e.req) try { e.req = NlSocket.open(this.native, ns); } catch { return null; }
    return e.req;
  }

  /** SocketLender: the namespace is about to be removed. */
  drop(ns: string): void { this.forget(ns); }

  /** Entries held (for tests and the benchmark). */
  held(): string[] { return [...this.entries.keys()].sort(); }

  /**
   * After an apply: read the lab's namespaces in the background once the kernel has gone quiet
   * (a fresh cable's carrier comes up to ~1 s later), so the next apply finds them current.
   * Passes run 500 ms apart in slices that yield to the event loop; they stop after two passes
   * in a row found no event; after the first pass that found none, `onQuiet` is called (the
   * engine plans ahead, engine.ts).
   * Timers are unref'd: an idle helper does nothing.
   */
  warmSoon(names: () => Map<string, number | null>, extraSysctl: (ns: string) => string[], onQuiet?: () => void): void {
    this.warming = { names, extra: extraSysctl };
    clearTimeout(this.warmTimer);
    let quiet = 0;
    const pass = async () => {
      const w = this.warming;
      if (!w) return;
      const inodes = w.names();
      const before = this.stats.reads;
      let i = 0;
      for (const [ns, inode] of inodes) {
        await this.one(ns, inode, w.extra(ns)).catch(() => this.forget(ns));
        if (++i % 16 === 0) await new Promise((r) => setImmediate(r));
        if (this.warming !== w) return;
      }
      quiet = this.stats.reads === before ? quiet + 1 : 0;
      if (quiet === 1) onQuiet?.();
      if (quiet < 2) { this.warmTimer = setTimeout(() => void pass(), 500); this.warmTimer.unref(); } else this.warming = null;
    };
    this.warmTimer = setTimeout(() => void pass(), 200);
    this.warmTimer.unref();
  }

  /** Stop background work (an apply is about to observe, or the helper exits). */
  stopWarming(): void {
    clearTimeout(this.warmTimer);
    this.warming = null;
  }

  close(): void {
    this.stopWarming();
    for (const ns of [...this.entries.keys()]) this.forget(ns);
    this.fsWatcher?.close();
    this.fsWatcher = null;
  }

  private watchDir(): void {
    if (this.fsWatcher) return;
    try {
      this.fsWatcher = watch('/run/netns', (_type, file) => {
        const name = String(file ?? '');
        if (name && this.entries.has(name) && !existsSync(netnsPath(name))) this.forget(name);
        if (!name) for (const ns of [...this.entries.keys()]) if (!existsSync(netnsPath(ns))) this.forget(ns);
      });
      this.fsWatcher.on('error', () => { this.fsWatcher = null; });
      this.fsWatcher.unref();
    } catch { /* the inode check at each observe still drops a replaced namespace */ }
  }
}

/** Read every queued notification; true when there was any (or the queue overflowed). */
function drain(fd: number): boolean {
  let any = false;
  for (;;) {
    try {
      if (readSync(fd, DRAIN, 0, DRAIN.length, null) <= 0) return true;
      any = true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return any;
      if (code === 'ENOBUFS') { any = true; continue; }
      return true;
    }
  }
}
