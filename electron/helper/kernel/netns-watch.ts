/**
 * The /run/netns inode of each name, remembered until something could have changed it. Every
 * apply checks every namespace of its lab (ownership.ts: name, inode, tag), and a stat per name
 * was ~0.4 ms of a 200-node lab's ~6 ms incremental change, on a machine where nothing had
 * changed since the last apply.
 *
 * What a name under /run/netns resolves to changes only when a file is created, removed or
 * renamed in the directory (inotify on it) or when something is mounted or unmounted — `ip netns
 * add` bind-mounts the namespace over its file, `ip netns del` unmounts it, and mounting another
 * namespace over one of ours changes nothing in the directory (/proc/self/mountinfo reports any
 * change to this mount namespace's mount table as POLLPRI, proc(5)). Both are checked with one
 * poll(2) before the remembered answers are used; on any sign of change everything remembered is
 * dropped (the directory's pending events read, the watch kept unless it went with the directory)
 * before the names are read afresh. A change after the poll
 * is either seen by the stat that follows or signalled at the next poll, so a remembered answer
 * is never older than the last poll that found nothing.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Nsfd } from './nl/native';

const POLLPRI = 0x2, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
const IN_DELETE_SELF = 0x400, IN_MOVE_SELF = 0x800, IN_Q_OVERFLOW = 0x4000, IN_IGNORED = 0x8000;
/** room for many events per read (each 16 bytes and its name) */
const EVENTS = Buffer.alloc(64 * 1024);
/** past this many names remembered, start over (names asked are a few labs' namespaces) */
const MAX_KNOWN = 65_536;

type Native = Required<Pick<Nsfd, 'inodesIn' | 'watchDir' | 'revents'>>;

export class NetnsInodes {
  /** name → inode, -1 for no such file */
  private readonly known = new Map<string, number>();
  private watch: { dir: number; mounts: number } | null = null;
  /** stats made (tests: a remembered answer costs none) */
  stats = 0;

  constructor(private readonly native: Native, private readonly dir: string) {}

  static supported(native: Nsfd | null): native is Nsfd & Native {
    return !!native && (native.version ?? 1) >= 7 && !!native.inodesIn && !!native.watchDir && !!native.revents;
  }

  /** The inode of each name (-1: no such file), in order; `names` must be distinct. */
  inodes(names: readonly string[]): number[] {
    const watching = this.canRemember();
    const out: number[] = new Array(names.length);
    let missing: string[] | null = null;
    let at: number[] | null = null;
    for (let i = 0; i < names.length; i++) {
      const ino = watching ? this.known.get(names[i]!) : undefined;
      if (ino !== undefined) { out[i] = ino; continue; }
      (missing ??= []).push(names[i]!);
      (at ??= []).push(i);
    }
    if (missing) {
      const ino = this.native.inodesIn(this.dir, missing);
      this.stats += missing.length;
      if (watching && this.known.size + missing.length > MAX_KNOWN) this.known.clear();
      for (let k = 0; k < missing.length; k++) {
        out[at![k]!] = ino[k]!;
        if (watching) this.known.set(missing[k]!, ino[k]!);
      }
    }
    return out;
  }

  /**
   * Whether answers may be remembered: the watch is up, and whatever was remembered still holds
   * (nothing under the directory or in the mount table changed since the last call; on any
   * change it is forgotten here, the directory's events read, and the watch kept unless it went
   * with the directory). False when there is no directory to watch.
   */
  private canRemember(): boolean {
    if (this.watch) {
      const ev = this.native.revents([this.watch.dir, this.watch.mounts]);
      if (ev[0] === 0 && (ev[1]! & (POLLPRI | POLLERR | POLLHUP | POLLNVAL)) === 0) return true;
      // Something changed: forget, and keep the watch when it still holds. (Closing an inotify
      // instance waits for the kernel's fsnotify grace period: 13 ms inside a 50-node `up`.)
      // The mount table's POLLPRI is reported once per change per poll, so it needs no reset.
      this.known.clear();
      if ((ev[1]! & (POLLHUP | POLLNVAL)) === 0 && (ev[0]! & (POLLERR | POLLHUP | POLLNVAL)) === 0 && this.drained(this.watch.dir)) return true;
      this.close();
    }
    this.known.clear();
    const dir = this.native.watchDir(this.dir);
    if (dir < 0) return false; // no directory yet: nothing to remember, ask every time
    let mounts: number;
    try { mounts = openSync('/proc/self/mountinfo', 'r'); } catch { closeSync(dir); return false; }
    this.watch = { dir, mounts };
    return true;
  }

  /**
   * Reads every pending event of the (non-blocking) inotify fd. False when the watch itself is
   * gone — the directory removed or moved (IN_IGNORED, IN_DELETE_SELF, IN_MOVE_SELF) — or the
   * queue overflowed: then it must be set up afresh.
   */
  private drained(fd: number): boolean {
    let holds = true;
    for (;;) {
      let n: number;
      try { n = readSync(fd, EVENTS, 0, EVENTS.length, null); } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return holds;
        return false;
      }
      if (n <= 0) return holds;
      // struct inotify_event: wd, mask, cookie, len, then len bytes of name
      for (let o = 0; o + 16 <= n; o += 16 + EVENTS.readUInt32LE(o + 12)) {
        if (EVENTS.readUInt32LE(o + 4) & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_Q_OVERFLOW)) holds = false;
      }
    }
  }

  /** Stop watching and forget (the next call watches again). */
  close(): void {
    this.known.clear();
    if (!this.watch) return;
    closeSync(this.watch.dir);
    closeSync(this.watch.mounts);
    this.watch = null;
  }
}
