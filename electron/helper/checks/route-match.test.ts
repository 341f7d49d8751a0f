import { describe, expect, it } from 'vitest';
import { describeRoutes, findRoute, normaliseDst, type KernelRoute } from './route-match';

// Real `ip -j route show` output from a routed lab's h1 (plus a host route and a multipath route).
const v4: KernelRoute[] = JSON.parse('[{"dst":"default","gateway":"10.0.1.1","dev":"eth0","protocol":"static","flags":[]},{"dst":"10.0.1.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"10.0.1.2","flags":[]},{"dst":"192.0.2.7","dev":"eth0","scope":"link","flags":[]},{"dst":"198.51.100.0/24","flags":[],"nexthops":[{"gateway":"10.0.1.1","dev":"eth0","weight":1,"flags":[]},{"gateway":"10.0.1.9","dev":"eth0","weight":1,"flags":[]}]}]');
const v6: KernelRoute[] = JSON.parse('[{"dst":"fd00:1::/64","dev":"eth0","protocol":"kernel","metric":256,"flags":[],"pref":"medium"},{"dst":"default","gateway":"fd00:1::1","dev":"eth0","protocol":"static","metric":1024,"flags":[],"pref":"medium"}]');

describe('route checks against ip -j route', () => {
  it('finds a default route by gateway, in either family', () => {
    expect(findRoute(v4, { to: 'default', via: '10.0.1.1' })).toHaveLength(1);
    expect(findRoute([...v4, ...v6], { to: 'default', via: 'fd00:1:0::1' })).toHaveLength(1);
    expect(findRoute(v4, { to: 'default', via: '10.0.1.9' })).toHaveLength(0);
  });
  it('matches subnets canonically, bare host routes, dev-only and multipath routes', () => {
    expect(findRoute(v4, { to: '10.0.1.77/24', dev: 'eth0' })).toHaveLength(1);
    expect(findRoute(v4, { to: '10.0.1.0/24', dev: 'eth1' })).toHaveLength(0);
    expect(findRoute(v4, { to: '192.0.2.7/32' })).toHaveLength(1);
    expect(findRoute(v4, { to: '198.51.100.0/24', via: '10.0.1.9' })).toHaveLength(1);
    expect(normaliseDst('fd00:1:0:0::/64')).toBe('fd00:1::/64');
  });
  it('describes a table the way ip route prints it', () => {
    expect(describeRoutes(v4.slice(0, 2))).toBe('default via 10.0.1.1 dev eth0; 10.0.1.0/24 dev eth0');
    expect(describeRoutes([])).toBe('no routes');
  });
});
