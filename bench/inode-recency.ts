/**
 * Namespace pins are files in /run/netns. Where that directory is on ext4 without a journal (this
 * VM's root file system), ext4 will not reuse an inode deleted less than 60 s ago (300 s while its
 * inode-table block is not yet written back): every new file scans past each recently deleted
 * one (fs/ext4/ialloc.c recently_deleted). Measured here, 200 `ip netns add` in one process:
 * 77–89 ms after a sync and a minute without deletions, 170–260 ms within seconds of deleting
 * 400–800 namespaces. So one benchmark step would carry the previous step's deletions into its
 * own time: before a measured bring-up the run syncs and lets a minute pass since its last
 * deletion of namespaces. (A user who re-deploys right after a `down` pays it; the run measures
 * that once, as "up again right after down".)
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** ext4's window for a deleted inode whose block has been written back (RECENTCY_MIN), plus 1 s */
const WINDOW_MS = 61_000;

/** Whether files made in `dir` pay for recently deleted ones: ext4 with no jbd2 journal. */
export async function inodeRecencyApplies(dir = '/run/netns'): Promise<boolean> {
  const { stdout } = await run('findmnt', ['-n', '-T', existsSync(dir) ? dir : '/run', '-o', 'FSTYPE,SOURCE']).catch(() => ({ stdout: '' }));
  const [fstype, source] = stdout.trim().split(/\s+/);
  if (fstype !== 'ext4' || !source) return false;
  const dev = source.replace(/\[.*$/, '').replace(/^\/dev\//, '').replace(/\//g, '!');
  const journals = existsSync('/proc/fs/jbd2') ? readdirSync('/proc/fs/jbd2') : [];
  return !journals.some((j) => j.startsWith(`${dev}-`));
}

/** When the run last deleted namespaces, and the wait before a measured bring-up. */
export class DeletionClock {
  private last: number;
  /** `applies`: from inodeRecencyApplies; unknown history counts as a deletion now */
  constructor(private readonly applies: boolean) { this.last = Date.now(); }
  deleted(): void { this.last = Date.now(); }
  /** sync, then until a minute has passed since the last deletion; the ms waited */
  async settle(): Promise<number> {
    if (!this.applies) return 0;
    await run('sync');
    const wait = Math.max(0, this.last + WINDOW_MS - Date.now());
    await new Promise((r) => setTimeout(r, wait));
    return wait;
  }
}
