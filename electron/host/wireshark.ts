/**
 * "Open in Wireshark", answered by the unprivileged host: the pcap lives in the helper's root-only
 * directory, so the host fetches it (captureRead), writes a copy the user owns and starts
 * Wireshark on it, detached, with an argument list. Never as root: Wireshark's own advice is not
 * to run its GUI privileged, so a root host only reports where the copy is.
 */
import { spawn } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { NslabApi, Reply, ResultOf } from '../../shared/protocol/api';

/** Larger pcaps are not copied (open the file as root instead). */
const WIRESHARK_MAX_BYTES = 256 * 1024 * 1024;

export async function findOnPath(name: string, path = process.env.PATH ?? ''): Promise<string | null> {
  for (const dir of path.split(':').filter(Boolean)) {
    const p = join(dir, name);
    if (await stat(p).then((s) => s.isFile() && (s.mode & 0o111) !== 0, () => false)) return p;
  }
  return null;
}

/** Fetch a capture's whole pcap through the helper. */
export async function fetchPcap(helper: Pick<NslabApi, 'invoke'>, id: string, max: number): Promise<{ ok: true; name: string; bytes: Buffer } | Extract<Reply<never>, { ok: false }>> {
  const parts: Buffer[] = [];
  let offset = 0;
  let name = `${id}.pcap`;
  for (;;) {
    const r = await helper.invoke('captureRead', { id, offset });
    if (!r.ok) return r;
    if (r.value.size > max) return { ok: false, code: 'too-large', message: `the capture is ${r.value.size} bytes; at most ${max} are copied` };
    name = r.value.name;
    const chunk = Buffer.from(r.value.base64, 'base64');
    parts.push(chunk);
    offset = r.value.offset + chunk.length;
    if (r.value.done || chunk.length === 0) break;
  }
  return { ok: true, name, bytes: Buffer.concat(parts) };
}

export interface WiresharkDeps {
  which?: () => Promise<string | null>;
  dir?: string;
  isRoot?: boolean;
  launch?: (bin: string, args: string[]) => void;
}

export async function openInWireshark(helper: Pick<NslabApi, 'invoke'>, id: string, deps: WiresharkDeps = {}): Promise<Reply<ResultOf<'captureWireshark'>>> {
  const bin = await (deps.which ?? (() => findOnPath('wireshark')))();
  if (!bin) return { ok: true, value: { opened: false, file: '', message: 'Wireshark is not installed here' } };
  const got = await fetchPcap(helper, id, WIRESHARK_MAX_BYTES);
  if (!got.ok) return got;
  const dir = deps.dir ?? join(tmpdir(), 'nslab-captures');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, basename(got.name));
  await writeFile(file, got.bytes, { mode: 0o600 });
  const isRoot = deps.isRoot ?? process.getuid?.() === 0;
  if (isRoot) return { ok: true, value: { opened: false, file, message: `not starting Wireshark as root; the capture is at ${file}` } };
  const launch = deps.launch ?? ((b, args) => spawn(b, args, { detached: true, stdio: 'ignore', shell: false }).on('error', () => {}).unref());
  launch(bin, ['-r', file]);
  return { ok: true, value: { opened: true, file } };
}
