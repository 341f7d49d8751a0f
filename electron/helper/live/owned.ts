/**
 * Which namespaces belong to a lab right now: named in its ledger and still the namespace the
 * ledger recorded (same inode of /run/netns/NAME). Read from the file system, no process started,
 * so the watcher can ask after every change of /run/netns.
 */
import { readdir, stat } from 'node:fs/promises';
import { checkLab } from '../../../shared/lab/parse';
import type { Lab } from '../../../shared/lab/schema';
import { readLedger } from '../ledger';

export const NETNS_DIR = '/run/netns';

export interface LabNamespaces {
  /** namespace → node */
  owned: Map<string, string>;
  /** the lab as last applied, when the ledger holds a valid one */
  spec: Lab | null;
}

export async function netnsInodes(): Promise<Map<string, number>> {
  let names: string[];
  try { names = await readdir(NETNS_DIR); } catch { return new Map(); }
  const out = new Map<string, number>();
  await Promise.all(names.map(async (n) => {
    try { out.set(n, (await stat(`${NETNS_DIR}/${n}`)).ino); } catch { /* removed meanwhile */ }
  }));
  return out;
}

export async function labNamespaces(lab: string): Promise<LabNamespaces> {
  const [ledger, inodes] = await Promise.all([readLedger(lab), netnsInodes()]);
  const owned = new Map<string, string>();
  if (!ledger) return { owned, spec: null };
  for (const [ns, e] of Object.entries(ledger.namespaces)) {
    const ino = inodes.get(ns);
    // inode null: recorded as intent, the engine is creating it right now
    if (ino !== undefined && (e.inode === null || e.inode === ino)) owned.set(ns, e.node);
  }
  const spec = ledger.spec ? checkLab(ledger.spec) : null;
  return { owned, spec: spec?.ok ? spec.lab : null };
}
