// The addon's namespace creation and removal (native/netns.c netnsBatch) does what `ip netns add`
// and `ip netns del` do, as the kernel and iproute2 see it, and fails with ip's own words.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { netnsList, nsExec, removeNetnsWithPrefix } from '../../../../testing/netns';
import { describeRoot } from '../../../../testing/root';
import type { Op } from '../../../../shared/ops/types';
import { sysctlPath } from './execute';
import { newNamespaceRequest } from './messages';
import { NETNS_DIR, nsfd, type Nsfd } from './native';
import { ackError, F, nlMessage } from './netlink';

const prefix = `nslab-nb${Math.random().toString(36).slice(2, 7)}-`;
afterEach(() => removeNetnsWithPrefix(prefix));

function addon(): Required<Pick<Nsfd, 'netnsBatch'>> {
  const native = nsfd();
  if (!native?.netnsBatch || (native.version ?? 0) < 9) throw new Error('the nsfd addon (version 9) is not built: npm ci builds it');
  return native as Required<Pick<Nsfd, 'netnsBatch'>>;
}
/** what `ip netns …` prints on stderr for the same request */
const ipSays = (...args: string[]) => spawnSync('ip', ['netns', ...args], { encoding: 'utf8' }).stderr.trim();

describeRoot('netnsBatch: named namespaces without a process', () => {
  it('creates namespaces iproute2 lists and enters, each its own, on several threads; removes them', () => {
    const names = Array.from({ length: 40 }, (_, i) => `${prefix}${i}`);
    expect(addon().netnsBatch(NETNS_DIR, names, names.map(() => true), 2)).toEqual(names.map(() => null));
    expect(netnsList().filter((n) => n.startsWith(prefix)).sort()).toEqual([...names].sort());
    // each file is a distinct namespace, none of them the host's (the bind mount held, the thread returned)
    const inodes = new Set(names.map((n) => statSync(`${NETNS_DIR}/${n}`).ino));
    expect(inodes.size).toBe(names.length);
    const host = Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/net'))![1]);
    expect(inodes.has(host)).toBe(false);
    expect(readlinkSync('/proc/thread-self/ns/net')).toBe(`net:[${host}]`);
    // a fresh namespace: loopback only, down; `ip netns exec` works in it
    const links = JSON.parse(execFileSync('ip', ['-j', '-n', names[7]!, 'link', 'show'], { encoding: 'utf8' })) as { ifname: string; operstate: string }[];
    expect(links.map((l) => [l.ifname, l.operstate])).toEqual([['lo', 'DOWN']]);
    expect(nsExec(names[7]!, ['ip', 'link', 'set', 'lo', 'up']).code).toBe(0);
    // /run/netns is a shared mount point, as ip leaves it
    expect(execFileSync('findmnt', ['-n', '-o', 'PROPAGATION', NETNS_DIR], { encoding: 'utf8' }).trim()).toMatch(/^shared/);

    expect(addon().netnsBatch(NETNS_DIR, names, names.map(() => false), 2)).toEqual(names.map(() => null));
    expect(netnsList().filter((n) => n.startsWith(prefix))).toEqual([]);
  });

  it('a failure stops its slice with ip\'s message; the other slice runs; nothing half-made is left', () => {
    const names = Array.from({ length: 10 }, (_, i) => `${prefix}${i}`);
    execFileSync('ip', ['netns', 'add', names[2]!]);
    const ino = statSync(`${NETNS_DIR}/${names[2]}`).ino;
    const r = addon().netnsBatch(NETNS_DIR, names, names.map(() => true), 2);
    // slices 0–4 and 5–9: 0 and 1 done, 2 fails as ip's does, 3 and 4 never ran, 5–9 done
    expect(r[2]).toBe(ipSays('add', names[2]!));
    expect(r[2]).toBe(`Cannot create namespace file "${NETNS_DIR}/${names[2]}": File exists`);
    expect(r).toEqual([null, null, r[2], false, false, null, null, null, null, null]);
    expect(netnsList().filter((n) => n.startsWith(prefix)).sort()).toEqual([0, 1, 2, 5, 6, 7, 8, 9].map((i) => names[i]).sort());
    // the existing namespace is untouched (same file, still a namespace)
    expect(statSync(`${NETNS_DIR}/${names[2]}`).ino).toBe(ino);

    // removal: a name that is not there fails as `ip netns del` does; the rest of its slice waits
    const gone = `${prefix}missing`;
    const d = addon().netnsBatch(NETNS_DIR, [gone, names[0]!], [false, false], 1);
    expect(d).toEqual([ipSays('del', gone), false]);
    expect(d[0]).toMatch(/^Cannot remove namespace file ".*": No such file or directory$/);
    expect(netnsList()).toContain(names[0]);
  });

  it('on a machine without /run/netns yet: makes the directory, a shared mount point of its own, as ip does', () => {
    // (a directory of its own under /tmp, so /run/netns is not touched)
    const dir = join(mkdtempSync('/tmp/nslab-nbdir-'), 'netns');
    try {
      expect(addon().netnsBatch(dir, ['a', 'b'], [true, true], 2)).toEqual([null, null]);
      expect(execFileSync('findmnt', ['-n', '-o', 'PROPAGATION', '--mountpoint', dir], { encoding: 'utf8' }).trim()).toMatch(/^shared/);
      // each pin a namespace of its own, entered by path
      const a = statSync(join(dir, 'a')).ino, b = statSync(join(dir, 'b')).ino;
      expect(a).not.toBe(b);
      const links = JSON.parse(execFileSync('nsenter', [`--net=${join(dir, 'a')}`, 'ip', '-j', 'link', 'show'], { encoding: 'utf8' })) as { ifname: string }[];
      expect(links.map((l) => l.ifname)).toEqual(['lo']);
      // a second call finds it a mount point already: no second bind mount on top
      expect(addon().netnsBatch(dir, ['c'], [true], 1)).toEqual([null]);
      expect(execFileSync('findmnt', ['-n', '-o', 'TARGET', '--mountpoint', dir], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
      expect(addon().netnsBatch(dir, ['a', 'b', 'c'], [false, false, false], 1)).toEqual([null, null, null]);
    } finally {
      for (const n of ['a', 'b', 'c']) spawnSync('umount', ['-l', join(dir, n)]);
      spawnSync('umount', ['-l', dir]);
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it('then: each new namespace\'s first steps run inside it, on its thread; a failed step ends its namespace\'s steps only', () => {
    const names = Array.from({ length: 4 }, (_, i) => `${prefix}t${i}`);
    const native = addon();
    const req = (op: Op, seq: number) => { const r = newNamespaceRequest(op)!; return nlMessage(r.type, r.flags | F.ACK, r.body, seq); };
    const file = (key: string, value: string): [string, string] => [sysctlPath(key), `${value}\n`];
    const lo = (ns: string) => req({ kind: 'ns.init', ns, lab: 'nb' }, 1);
    const bridge = (ns: string, seq: number) => req({ kind: 'bridge.add', ns, name: 'br0', stp: false }, seq);
    // two slices, [t0 t1] and [t2 t3]
    const r = native.netnsBatch(NETNS_DIR, names, names.map(() => true), 2, [
      // a run of files with a missing key in the middle is written whole; the request after it does not run
      [file('net.ipv6.conf.all.accept_dad', '0'), file('net.ipv4.no_such_key', '1'), file('net.ipv4.conf.all.promote_secondaries', '1'), lo(names[0]!)],
      // a refused request: its ack comes back; the steps after it do not run
      [bridge(names[1]!, 1), bridge(names[1]!, 2), file('net.ipv4.ip_forward', '1')],
      [file('net.ipv4.ip_forward', '1'), lo(names[2]!)],
      null,
    ]);
    expect(r.names).toEqual([null, null, null, null]);
    expect(r.steps[0]).toEqual([null, { errno: 2, message: 'No such file or directory', open: true }, null, false]);
    expect(r.steps[1]![0]).toBeNull();
    expect(r.steps[1]![2]).toBe(false);
    const refused = r.steps[1]![1] as { errno: number; ack: Buffer };
    expect(refused.errno).toBe(17);
    // the ack, read as the executor reads it, says what `ip link add` says for the same request
    const ipAdd = spawnSync('ip', ['-n', names[1]!, 'link', 'add', 'br0', 'type', 'bridge'], { encoding: 'utf8' }).stderr.trim();
    expect(ackError(refused.ack.readUInt16LE(6), refused.ack.subarray(16))?.message).toBe(ipAdd);
    expect(r.steps[2]).toEqual([null, null]);
    expect(r.steps[3]).toBeNull();
    // the kernel's view: each write landed in its own namespace, not the host's
    const sysctl = (ns: string, key: string) => nsExec(ns, ['sysctl', '-n', key]).out.trim();
    expect(sysctl(names[0]!, 'net.ipv6.conf.all.accept_dad')).toBe('0');
    expect(sysctl(names[0]!, 'net.ipv4.conf.all.promote_secondaries')).toBe('1');
    expect([0, 1, 2, 3].map((i) => sysctl(names[i]!, 'net.ipv4.ip_forward'))).toEqual(['0', '0', '1', '0']);
    const loOf = (ns: string) => (JSON.parse(execFileSync('ip', ['-j', '-n', ns, 'link', 'show', 'dev', 'lo'], { encoding: 'utf8' })) as { flags: string[]; ifalias?: string }[])[0]!;
    expect(loOf(names[0]!).flags).not.toContain('UP');
    expect(loOf(names[2]!).flags).toContain('UP');
    expect(loOf(names[2]!).ifalias).toBe('nslab-lab:nb');
    expect((JSON.parse(execFileSync('ip', ['-j', '-n', names[1]!, 'link', 'show', 'type', 'bridge'], { encoding: 'utf8' })) as { ifname: string }[]).map((l) => l.ifname)).toEqual(['br0']);
    // malformed steps are refused before anything is made
    expect(() => native.netnsBatch(NETNS_DIR, [`${prefix}x`], [true], 1, [[Buffer.alloc(3)]])).toThrow(TypeError);
    expect(() => native.netnsBatch(NETNS_DIR, [`${prefix}x`], [true], 1, [])).toThrow(TypeError);
    expect(netnsList()).not.toContain(`${prefix}x`);
  });

  it('refuses names that are not a file in the directory, as ip does', () => {
    for (const bad of ['a/b', '.', '..', '']) {
      const r = addon().netnsBatch(NETNS_DIR, [bad], [true], 1);
      expect(r, bad).toEqual([`Invalid netns name "${bad}"`]);
      if (bad) expect(ipSays('add', bad)).toBe(r[0]);
    }
    expect(() => addon().netnsBatch(NETNS_DIR, ['x'], [], 1)).toThrow(TypeError);
  });
});
