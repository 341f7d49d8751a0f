/**
 * The Run tab's command line → argv, the way a POSIX shell splits simple commands — but no shell
 * ever runs: the argv goes to the helper's `exec` request as it is. So words, 'single quotes'
 * (literal), "double quotes" (backslash escapes \" \\ \$ \`), backslash escapes and `#` comments
 * work as in a shell; what would need a shell to mean anything (pipes, redirections, `;`, `&`,
 * `$VAR`, `$(…)`, backticks) is refused with a message rather than passed on silently. Globs and
 * `~` are not expanded: they reach the program literally.
 *
 * @example splitArgv(`ping -c 1 "10.0.2.2"`) // { ok: true, argv: ['ping', '-c', '1', '10.0.2.2'] }
 */
export type SplitResult = { ok: true; argv: string[] } | { ok: false; error: string; at: number };

const SPACE = /[ \t\r\n]/;
const OPERATOR = new Set(['|', '&', ';', '<', '>', '(', ')']);

export function splitArgv(line: string): SplitResult {
  const argv: string[] = [];
  let word = '';
  /** a word has started (so '' and "" give an empty argument) */
  let inWord = false;
  const noShell = (what: string, at: number): SplitResult => ({
    ok: false, at,
    error: `${what} needs a shell, and nslab runs the command without one (quote it with '…' to pass it literally)`,
  });
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (SPACE.test(c)) {
      if (inWord) { argv.push(word); word = ''; inWord = false; }
      i++;
    } else if (c === '#' && !inWord) {
      while (i < line.length && line[i] !== '\n') i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, at: i, error: 'a single quote is not closed' };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const start = i;
      i++;
      for (;;) {
        if (i >= line.length) return { ok: false, at: start, error: 'a double quote is not closed' };
        const d = line[i]!;
        if (d === '"') { i++; break; }
        if (d === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
          if (line[i + 1] !== '\n') word += line[i + 1];
          i += 2;
        } else if (d === '$' || d === '`') {
          return noShell(d === '$' ? '“$” (expansion)' : 'a backtick (command substitution)', i);
        } else { word += d; i++; }
      }
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return { ok: false, at: i, error: 'the line ends with a backslash' };
      if (line[i + 1] !== '\n') { word += line[i + 1]; inWord = true; }
      i += 2;
    } else if (OPERATOR.has(c)) {
      return noShell(`“${c}”`, i);
    } else if (c === '$' || c === '`') {
      return noShell(c === '$' ? '“$” (expansion)' : 'a backtick (command substitution)', i);
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) argv.push(word);
  return { ok: true, argv };
}
