import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { joinedGroups } from './monitor';
import { parseNeighbours } from './neigh-parse';
import { parseNetDev } from './netdev-parse';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseNeighbours (recorded ip -j neigh)', () => {
  it('reads state, lladdr and the router flag', () => {
    expect(parseNeighbours(JSON.parse(fixture('neigh-show.json')))).toEqual([
      { dst: '10.9.0.2', dev: 'eth0', lladdr: 'f6:97:ed:cf:09:5d', state: ['REACHABLE'], router: false },
      { dst: '10.9.0.77', dev: 'eth0', lladdr: '02:00:00:00:00:77', state: ['PERMANENT'], router: false },
      { dst: '10.9.0.78', dev: 'eth0', lladdr: null, state: ['INCOMPLETE'], router: false },
      { dst: 'fd00:9::2', dev: 'eth0', lladdr: 'f6:97:ed:cf:09:5d', state: ['REACHABLE'], router: true },
    ]);
  });
  it('tolerates junk', () => {
    expect(parseNeighbours(null)).toEqual([]);
    expect(parseNeighbours([{ dst: 1 }, {}])).toEqual([]);
  });
});

describe('parseNetDev (recorded /proc/<pid>/net/dev)', () => {
  it('reads bytes, packets, errors and drops both ways', () => {
    const m = parseNetDev(fixture('proc-net-dev.txt'));
    expect([...m.keys()]).toEqual(['lo', 'eth0']);
    expect(m.get('eth0')).toEqual({ rxBytes: 1402, rxPackets: 13, rxErrors: 0, rxDrops: 0, txBytes: 1574, txPackets: 19, txErrors: 0, txDrops: 0 });
  });
});

describe('joinedGroups (/proc/<pid>/net/netlink)', () => {
  const table = [
    'sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode',
    '0000000036170391 0   29553      15800555 0        0        0     2        0        126786',
    '0000000018aa8955 0   777        00000000 0        0        0     2        0        126787',
    '00000000cda538dc 4   29554      00000001 0        0        0     2        0        124409',
  ].join('\n');
  it('needs a NETLINK_ROUTE socket of that pid with groups joined', () => {
    expect(joinedGroups(table, 29553)).toBe(true);
    expect(joinedGroups(table, 777)).toBe(false);
    expect(joinedGroups(table, 29554)).toBe(false);
    expect(joinedGroups(table, 1)).toBe(false);
  });
});
