/** A problem found in a lab, located by path and (when the lab came from text) line and column. */
export type LabPath = (string | number)[];
export interface LabIssue {
  path: LabPath;
  message: string;
  line?: number;
  col?: number;
  /** the problem is the key itself (unknown key, bad name), not its value */
  atKey?: boolean;
}

/** C0/C1 controls and bidi overrides: characters that can rewrite a terminal line or reorder text. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a lab file made safe to print: controls and bidi overrides become `\u{…}` escapes
 * (an error about a hostile key must not turn the terminal red or reorder the line it is on).
 *
 * @example safeText('eth0\u202e') // 'eth0\\u{202e}'
 */
export const safeText = (s: string): string => s.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);

/** `nodes.h1.interfaces.eth0.addresses[1]` */
export function formatPath(path: LabPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += (out ? '.' : '') + (/^[A-Za-z0-9_-]+$/.test(p) ? p : safeText(JSON.stringify(p)));
  }
  return out || '(top level)';
}

/** `lab.yaml:12:9: nodes.h1.interfaces.eth0.addresses[1]: "10.0.1.300/24" is not …` */
export function formatIssue(issue: LabIssue, file = '<lab>'): string {
  const where = issue.line !== undefined ? `${file}:${issue.line}:${issue.col ?? 1}` : file;
  return `${where}: ${formatPath(issue.path)}: ${safeText(issue.message)}`;
}

export class LabError extends Error {
  constructor(readonly issues: LabIssue[], readonly file = '<lab>') {
    super(issues.map((i) => formatIssue(i, file)).join('\n'));
    this.name = 'LabError';
  }
}
