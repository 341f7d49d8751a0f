/**
 * The helper's watched labs: at most one LabWatcher per lab, shared by every client (the host
 * counts which clients want which lab and sends watchStop when the last one lets go). Events go
 * out as `live` frames to everyone; a client that asks again gets the current snapshot again.
 */
import type { EventOf } from '../../../shared/protocol/api';
import type { LiveEvent } from '../../../shared/state/live';
import { LabWatcher, type WatchOptions } from './watcher';

type EmitLive = (payload: EventOf<'live'>) => void;

interface Entry { watcher: Promise<LabWatcher>; off: (() => void) | null }

export class Watches {
  private readonly labs = new Map<string, Entry>();

  constructor(private readonly opts: Omit<WatchOptions, 'intervalMs'> = {}) {}

  /**
   * Watch a lab (idempotent). The first call starts the watcher, whose snapshot goes out as a
   * `live` event; a later call re-sends the current snapshot (a client that missed a diff).
   *
   * @example await watches.start('demo', 1000, (e) => emit('live', e))
   */
  async start(lab: string, intervalMs: number | undefined, emit: EmitLive): Promise<void> {
    const had = this.labs.get(lab);
    if (had) {
      const w = await had.watcher;
      if (intervalMs !== undefined) w.setInterval(intervalMs);
      // subscribe hands a late subscriber the snapshot (and the last drift) at once
      w.subscribe((e) => emit(e as EventOf<'live'>))();
      return;
    }
    const entry: Entry = { watcher: LabWatcher.start(lab, { ...this.opts, ...(intervalMs !== undefined ? { intervalMs } : {}) }), off: null };
    this.labs.set(lab, entry);
    let w: LabWatcher;
    try {
      w = await entry.watcher;
    } catch (e) {
      if (this.labs.get(lab) === entry) this.labs.delete(lab);
      throw e;
    }
    if (this.labs.get(lab) !== entry) return; // stopped while it was starting
    entry.off = w.subscribe((e: LiveEvent) => emit(e as EventOf<'live'>));
  }

  /** Stop watching a lab; nothing happens when it is not watched. */
  async stop(lab: string): Promise<void> {
    const entry = this.labs.get(lab);
    if (!entry) return;
    this.labs.delete(lab);
    entry.off?.();
    const w = await entry.watcher.catch(() => null);
    await w?.stop();
  }

  async setInterval(lab: string, ms: number): Promise<boolean> {
    const entry = this.labs.get(lab);
    if (!entry) return false;
    (await entry.watcher).setInterval(ms);
    return true;
  }

  /** The running watcher of a lab, if it is watched and has started. */
  async get(lab: string): Promise<LabWatcher | null> {
    return (await this.labs.get(lab)?.watcher.catch(() => null)) ?? null;
  }

  watched(): string[] { return [...this.labs.keys()]; }

  async stopAll(): Promise<void> {
    await Promise.all(this.watched().map((lab) => this.stop(lab)));
  }
}

/** The helper's one registry. */
export const watches = new Watches();
