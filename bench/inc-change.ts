import type { Lab } from '../shared/lab/schema';

/** One link added (r10 – r20, a new subnet) and one address changed (h1's). */
export function incrementalChange(lab: Lab): Lab {
  const c: Lab = structuredClone(lab);
  c.nodes.r10!.interfaces!.eth2 = { addresses: ['10.250.0.1/24'] };
  c.nodes.r20!.interfaces!.eth2 = { addresses: ['10.250.0.2/24'] };
  (c.links as [string, string][]).push(['r10:eth2', 'r20:eth2']);
  c.nodes.h1!.interfaces!.eth0!.addresses = ['10.0.0.11/24'];
  return c;
}

