import { describe, expect, it } from 'vitest';
import { BatchArgError, batchLine, failedLinesOf, kernelMessage, parseSysctlOutput } from './run';

describe('batchLine', () => {
  it('passes plain arguments through', () => {
    expect(batchLine(['link', 'add', 'name', 'eth0', 'alias', 'nslab:h1:eth0--r1:eth0'])).toBe('link add name eth0 alias nslab:h1:eth0--r1:eth0');
  });

  it('quotes what makeargs would split, with a quote the argument does not contain', () => {
    expect(batchLine(['alias', 'a b'])).toBe('alias "a b"');
    expect(batchLine(['alias', 'say "hi" now'])).toBe(`alias 'say "hi" now'`);
    expect(batchLine(['alias', '"lead'])).toBe(`alias '"lead'`);
    expect(batchLine(['alias', 'back\\'])).toBe('alias "back\\"');
    expect(batchLine(['x', ''])).toBe('x ""');
    // a quote inside a word is literal for makeargs
    expect(batchLine(['alias', `it's`])).toBe(`alias it's`);
  });

  it('refuses what batch input cannot carry, so a newline never becomes a second command', () => {
    expect(() => batchLine(['alias', 'a\nlink del dev eth0'], 3)).toThrow(BatchArgError);
    expect(() => batchLine(['alias', 'a\nb'], 3)).toThrow(/batch line 4/);
    expect(() => batchLine(['alias', 'x\r'])).toThrow(BatchArgError);
    expect(() => batchLine(['alias', 'tag#1'])).toThrow(/"#"/);
    expect(() => batchLine(['alias', `both ' and "`])).toThrow(/both quote/);
  });
});

describe('batch failure parsing', () => {
  // real stderr of `ip -n NS -b -` whose second line failed (kernel without the dummy driver)
  const stderr = 'Error: Unknown device type.\nCommand failed -:2\n';
  it('finds the failed line, 0-based', () => {
    expect(failedLinesOf(stderr)).toEqual([1]);
    expect(failedLinesOf('Command failed /tmp/b2.txt:4\n')).toEqual([3]);
    expect(failedLinesOf('Cannot open network namespace "x": No such file or directory\n')).toEqual([]);
  });
  it('keeps the kernel message without bookkeeping', () => {
    expect(kernelMessage(stderr)).toBe('Error: Unknown device type.');
  });
});

describe('parseSysctlOutput', () => {
  it('reads key = value lines and turns vector tabs into spaces', () => {
    expect(parseSysctlOutput('net.ipv4.ip_forward = 1\nnet.ipv4.ping_group_range = 1\t2\n')).toEqual({
      'net.ipv4.ip_forward': '1',
      'net.ipv4.ping_group_range': '1 2',
    });
  });
});
