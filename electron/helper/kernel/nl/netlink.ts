/**
 * rtnetlink in TypeScript over a socket the nsfd addon opened inside a namespace. Synchronous
 * (read(2)/write(2) through node:fs): the kernel answers rtnetlink requests while the request is
 * being sent, so a read never waits on anything but the kernel, and one request's failure is
 * known before the next is sent — exactly like `ip -b`.
 */
import { closeSync, readSync, writeSync } from 'node:fs';
import { getSystemErrorMap } from 'node:util';
import { netnsPath, type Nsfd } from './native';

export const NLMSG_ERROR = 2, NLMSG_DONE = 3;
export const F = { REQUEST: 0x1, MULTI: 0x2, ACK: 0x4, DUMP: 0x300, REPLACE: 0x100, EXCL: 0x200, CREATE: 0x400, ACK_TLVS: 0x200 } as const;
export const RTM = { NEWLINK: 16, DELLINK: 17, GETLINK: 18, NEWADDR: 20, DELADDR: 21, GETADDR: 22, NEWROUTE: 24, DELROUTE: 25, GETROUTE: 26 } as const;

export interface NlMessage { type: number; flags: number; seq: number; payload: Buffer }

/** A kernel refusal, worded the way iproute2 words it. */
export class NetlinkError extends Error {
  constructor(readonly errno: number, readonly extack: string | null) {
    super(extack ? `Error: ${extack.replace(/\.?$/, '.')}` : `RTNETLINK answers: ${strerror(errno)}`);
    this.name = 'NetlinkError';
  }
}

// glibc's strerror wording (what iproute2 prints) for what rtnetlink answers in practice.
const STRERROR: Record<number, string> = {
  1: 'Operation not permitted', 2: 'No such file or directory', 3: 'No such process', 16: 'Device or resource busy',
  17: 'File exists', 19: 'No such device', 22: 'Invalid argument', 34: 'Numerical result out of range',
  95: 'Operation not supported', 99: 'Cannot assign requested address', 101: 'Network is unreachable', 105: 'No buffer space available',
};
export function strerror(errno: number): string {
  if (STRERROR[errno]) return STRERROR[errno]!;
  const m = getSystemErrorMap().get(-errno)?.[1];
  return m ? m[0]!.toUpperCase() + m.slice(1) : `error ${errno}`;
}

// --- attributes ---------------------------------------------------------------------------
const pad4 = (n: number) => (n + 3) & ~3;
export function attr(type: number, payload: Buffer): Buffer {
  const b = Buffer.alloc(pad4(4 + payload.length));
  b.writeUInt16LE(4 + payload.length, 0);
  b.writeUInt16LE(type, 2);
  payload.copy(b, 4);
  return b;
}
export const u32 = (type: number, v: number): Buffer => { const p = Buffer.alloc(4); p.writeUInt32LE(v >>> 0); return attr(type, p); };
export const str = (type: number, s: string): Buffer => attr(type, Buffer.from(`${s}\0`, 'utf8'));
export const nest = (type: number, ...children: Buffer[]): Buffer => attr(type, Buffer.concat(children));

/** Attributes of a payload from `offset`: type (without the nested/byte-order bits) → value. */
export function attrs(buf: Buffer, offset = 0): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let o = offset;
  while (o + 4 <= buf.length) {
    const len = buf.readUInt16LE(o), type = buf.readUInt16LE(o + 2) & 0x3fff;
    if (len < 4 || o + len > buf.length) break;
    out.set(type, buf.subarray(o + 4, o + len));
    o += pad4(len);
  }
  return out;
}
export const cstr = (b: Buffer | undefined): string | null => (b ? b.toString('utf8', 0, b.indexOf(0) >= 0 ? b.indexOf(0) : b.length) : null);

/** Address bytes ↔ text (canonical text comes from shared/net/ip). */
export function ipBytes(family: 4 | 6, value: bigint): Buffer {
  const n = family === 4 ? 4 : 16, b = Buffer.alloc(n);
  for (let i = n - 1, v = value; i >= 0; i--, v >>= 8n) b[i] = Number(v & 0xffn);
  return b;
}
export function ipText(b: Buffer): string {
  if (b.length === 4) return [...b].join('.');
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(b.readUInt16BE(i).toString(16));
  return g.join(':');
}

/** A request as sent: header (REQUEST and `flags`, sequence `seq`) and body. */
export function nlMessage(type: number, flags: number, body: Buffer, seq: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(16 + body.length, 0);
  h.writeUInt16LE(type, 4);
  h.writeUInt16LE(F.REQUEST | flags, 6);
  h.writeUInt32LE(seq, 8);
  return Buffer.concat([h, body]);
}

/** An ack (NLMSG_ERROR's flags and payload): null when the request was done, else the refusal. */
export function ackError(flags: number, payload: Buffer): NetlinkError | null {
  const errno = -payload.readInt32LE(0);
  if (errno === 0) return null;
  // CAP_ACK: the original request is echoed as its header only; extack TLVs follow
  const tlv = flags & F.ACK_TLVS ? attrs(payload, 4 + 16) : new Map<number, Buffer>();
  return new NetlinkError(errno, cstr(tlv.get(1)));
}

// --- the socket ---------------------------------------------------------------------------
const RX = Buffer.alloc(1 << 20); // one read holds a whole dump chunk (the kernel caps them at 32 kB)

export class NlSocket {
  private seq = 1;
  private constructor(readonly ns: string, readonly fd: number) {}

  static open(native: Nsfd, ns: string): NlSocket {
    return new NlSocket(ns, native.openNetlinkIn(netnsPath(ns)));
  }

  /** open, or null when the namespace does not exist (any more); other failures throw */
  static openIfThere(native: Nsfd, ns: string): NlSocket | null {
    try { return NlSocket.open(native, ns); } catch (e) {
      if (/No such file or directory|Invalid argument/.test((e as Error).message)) return null;
      throw e;
    }
  }

  close(): void { closeSync(this.fd); }

  private send(type: number, flags: number, body: Buffer): number {
    const seq = this.seq++;
    const msg = nlMessage(type, flags, body, seq);
    if (writeSync(this.fd, msg) !== msg.length) throw new Error('short netlink write');
    return seq;
  }

  /** Messages answering `seq` until its ack (NLMSG_ERROR) or NLMSG_DONE; throws NetlinkError on a refusal. */
  private collect(seq: number): NlMessage[] {
    const out: NlMessage[] = [];
    for (;;) {
      const n = readSync(this.fd, RX, 0, RX.length, null);
      let o = 0;
      while (o + 16 <= n) {
        const len = RX.readUInt32LE(o), type = RX.readUInt16LE(o + 4), flags = RX.readUInt16LE(o + 6), mseq = RX.readUInt32LE(o + 8);
        if (len < 16 || o + len > n) break;
        const payload = Buffer.from(RX.subarray(o + 16, o + len));
        o += pad4(len);
        if (mseq !== seq) continue; // a late answer to an earlier request
        if (type === NLMSG_DONE) return out;
        if (type === NLMSG_ERROR) {
          const refused = ackError(flags, payload);
          if (refused) throw refused;
          return out;
        }
        out.push({ type, flags, seq: mseq, payload });
      }
    }
  }

  /** A change: sent with an ack requested; throws NetlinkError when the kernel refuses it. */
  request(type: number, flags: number, body: Buffer): NlMessage[] {
    return this.collect(this.send(type, flags | F.ACK, body));
  }

  /** A dump: every message until NLMSG_DONE. */
  dump(type: number, body: Buffer): NlMessage[] {
    return this.collect(this.send(type, F.DUMP, body));
  }
}
