/**
 * Right after `nslab up`, a veth that is up with carrier can still drop everything it is asked to
 * send: the kernel activates its queueing discipline from linkwatch, which runs up to a second
 * later, and only then reports operstate UP. A ping in that window is lost and a check would fail
 * for no reason a student could see. So before probing, wait (briefly) until every interface that
 * is up and has carrier also reports UP.
 */
import { status } from '../engine';
import { observeNamespaces } from '../kernel/observer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Wait until the lab's links settle; returns the `ns:iface` still pending when time ran out.
 * `namespaces`: the lab's owned namespaces when the caller already has them.
 */
export async function waitForLinks(lab: string, opts: { namespaces?: string[]; timeoutMs?: number } = {}): Promise<string[]> {
  const namespaces = opts.namespaces ?? Object.keys((await status(lab)).observed);
  const timeoutMs = opts.timeoutMs ?? 2_500;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await observeNamespaces(namespaces);
    const pending = Object.values(seen).flatMap((o) => o.links
      .filter((l) => l.name !== 'lo' && l.adminUp && l.carrier && l.operState !== 'UP')
      .map((l) => `${o.ns}:${l.name}`));
    if (pending.length === 0 || Date.now() >= deadline) return pending;
    await sleep(100);
  }
}
