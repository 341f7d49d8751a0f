/** Naming rules shared by the schema, the planner and the helper (which re-checks them). */

/** Lab name: 1-16 chars, [a-z0-9-], starts with a letter. */
export const LAB_NAME = /^[a-z][a-z0-9-]{0,15}$/;
/** Node name: 1-24 chars, [A-Za-z0-9_-], starts with a letter. */
export const NODE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,23}$/;

/** Interfaces nslab creates itself inside a node, so links may not use these names. */
export const RESERVED_IFACES = ['lo'] as const;
export const BRIDGE_NAME = 'br0';

export const NS_PREFIX = 'nslab-';
/** The namespace of a lab's node: `nslab-<lab>-<node>`. */
export const nsName = (lab: string, node: string): string => `${NS_PREFIX}${lab}-${node}`;

/**
 * Why an interface name is unusable, or null. The kernel allows 1-15 bytes without `/`, `:` or
 * white space, not `.` or `..`; we also refuse control characters, non-ASCII (look-alike
 * Unicode) and anything but letters, digits, `_`, `.` and `-` (a leading `-` would read as an
 * option to iproute2; `#` would end an `ip -b` batch line; `@` confuses `ip link` output).
 */
export function ifaceNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > 15) return `is ${name.length} characters long; the kernel allows at most 15`;
  if (name === '.' || name === '..') return 'may not be "." or ".."';
  if (/[\/:\s]/.test(name)) return 'may not contain "/", ":" or white space';
  if (/[^\x21-\x7e]/.test(name)) return 'may contain only printable ASCII characters';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) return 'may contain only letters, digits, "_", "." and "-", starting with a letter or digit';
  return null;
}
