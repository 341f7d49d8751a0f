import type { Lab, LabLink, LabLinkObject } from './schema';

export interface Endpoint { node: string; iface: string }

/** `h1:eth0` → `{ node: 'h1', iface: 'eth0' }` */
export function parseEndpoint(text: string): Endpoint {
  const i = text.indexOf(':');
  return { node: text.slice(0, i), iface: text.slice(i + 1) };
}

/** The short form `[a, b]` as the long form. */
export const linkObject = (l: LabLink): LabLinkObject => (Array.isArray(l) ? { endpoints: [l[0], l[1]] } : l);

/**
 * A link's identity: its two endpoints in sorted order, `h1:eth0--r1:eth0`. It is written into
 * the kernel as the veth's alias so the planner recognises the cable it made.
 */
export function linkKey(l: LabLink): string {
  const [a, b] = linkObject(l).endpoints;
  return a < b ? `${a}--${b}` : `${b}--${a}`;
}

export const labLinks = (lab: Lab): LabLinkObject[] => (lab.links ?? []).map(linkObject);
