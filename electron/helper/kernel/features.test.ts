import { describe, expect, it } from 'vitest';
import { parseIpVersion } from './features';

describe('parseIpVersion', () => {
  it('reads release and snapshot versions', () => {
    expect(parseIpVersion('ip utility, iproute2-6.1.0, libbpf 1.1.2\n')).toBe('6.1.0');
    expect(parseIpVersion('ip utility, iproute2-5.15.0, libbpf 0.5.0')).toBe('5.15.0');
    expect(parseIpVersion('ip utility, iproute2-ss200127')).toBe('200127');
    expect(parseIpVersion('something else')).toBeNull();
  });
});
