import { describe, expect, it } from 'vitest';
import { splitArgv } from './split-argv';

const argv = (line: string) => {
  const r = splitArgv(line);
  if (!r.ok) throw new Error(r.error);
  return r.argv;
};

describe('splitArgv', () => {
  it('splits simple words on any run of blanks', () => {
    expect(argv('ping -c 1 -W 2 10.0.2.2')).toEqual(['ping', '-c', '1', '-W', '2', '10.0.2.2']);
    expect(argv('  ip\t -j   addr  ')).toEqual(['ip', '-j', 'addr']);
    expect(argv('')).toEqual([]);
    expect(argv('   ')).toEqual([]);
  });

  it('keeps single-quoted text literally', () => {
    expect(argv(`echo 'a  b' '$HOME' 'x"y' '\\n'`)).toEqual(['echo', 'a  b', '$HOME', 'x"y', '\\n']);
  });

  it('handles double quotes with the shell’s four escapes only', () => {
    expect(argv(`echo "a  b" "say \\"hi\\"" "back\\\\slash" "\\$5" "keep\\n"`)).toEqual(['echo', 'a  b', 'say "hi"', 'back\\slash', '$5', 'keep\\n']);
  });

  it('joins adjacent quoted and unquoted parts into one word, and keeps empty quotes as an argument', () => {
    expect(argv(`a"b c"'d e'f`)).toEqual(['ab cd ef']);
    expect(argv(`printf '' x ""`)).toEqual(['printf', '', 'x', '']);
  });

  it('backslash escapes the next character outside quotes; backslash-newline continues the line', () => {
    expect(argv('echo a\\ b \\| \\$x')).toEqual(['echo', 'a b', '|', '$x']);
    expect(argv('ping \\\n-c 1')).toEqual(['ping', '-c', '1']);
  });

  it('treats # at the start of a word as a comment, elsewhere as text', () => {
    expect(argv('echo a#b # the rest')).toEqual(['echo', 'a#b']);
  });

  it('passes globs and ~ through unexpanded', () => {
    expect(argv('ls /sys/class/net/* ~')).toEqual(['ls', '/sys/class/net/*', '~']);
  });

  it('refuses unclosed quotes and a trailing backslash, with the position', () => {
    expect(splitArgv(`echo 'abc`)).toEqual({ ok: false, at: 5, error: 'a single quote is not closed' });
    expect(splitArgv('echo "abc')).toMatchObject({ ok: false, at: 5, error: 'a double quote is not closed' });
    expect(splitArgv('echo abc\\')).toMatchObject({ ok: false, at: 8 });
  });

  it('refuses shell syntax rather than passing it on as arguments', () => {
    for (const line of ['ip addr | grep inet', 'ping x > out', 'a; b', 'sleep 1 &', 'echo $HOME', 'echo "$HOME"', 'echo `id`', 'echo $(id)', '(cd /)']) {
      const r = splitArgv(line);
      expect(r.ok, line).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/without one/);
    }
    expect(argv(`echo '|' "a;b" '>'`)).toEqual(['echo', '|', 'a;b', '>']);
  });
});
