/**
 * One client's watches. The helper keeps one watcher per lab for everyone; the host counts which
 * clients want which lab, so a browser tab that goes away (or says watchStop) ends only its own
 * interest, and the helper's watcher stops when the last client lets go. A client gets `live`
 * events only of the labs it watches. When the helper restarts (its watchers died with it) the
 * labs someone still watches are watched again, and their new snapshot reaches the clients.
 */
import type { EventName, EventOf, NslabApi, Params, Reply, RequestName, ResultOf } from '../../shared/protocol/api';

export interface WatchScope extends NslabApi {
  /** Let go of this client's watches. */
  close(): Promise<void>;
  /** Labs this client watches. */
  watching(): string[];
}

/** Clients per lab, for one shared API (helper). */
class Registry {
  private readonly clients = new Map<string, Set<symbol>>();
  private helperDown = false;

  constructor(private readonly api: NslabApi, private readonly log: (m: string) => void) {
    api.on('helperStatus', (s) => {
      if (s.state === 'crashed' || s.state === 'restarting') this.helperDown = true;
      else if (s.state === 'ready' && this.helperDown) {
        this.helperDown = false;
        for (const lab of this.clients.keys()) {
          void api.invoke('watchStart', { lab }).then((r) => {
            if (!r.ok) this.log(`watch-scope: re-watching ${lab} after a helper restart failed: ${r.message}`);
          });
        }
      }
    });
  }

  add(lab: string, client: symbol): void {
    let set = this.clients.get(lab);
    if (!set) this.clients.set(lab, (set = new Set()));
    set.add(client);
  }

  /** Remove one client's interest; true when nobody watches the lab any more. */
  remove(lab: string, client: symbol): boolean {
    const set = this.clients.get(lab);
    if (!set) return true;
    set.delete(client);
    if (set.size) return false;
    this.clients.delete(lab);
    return true;
  }

  /** The lab was destroyed: the helper stopped its watcher. */
  forget(lab: string): void { this.clients.delete(lab); }

  stop(lab: string): Promise<Reply<ResultOf<'watchStop'>>> { return this.api.invoke('watchStop', { lab }); }
}

const registries = new WeakMap<NslabApi, Registry>();

/**
 * @example
 *   const scoped = scopeWatches(backend, log); // per browser connection
 *   ws.on('close', () => void scoped.close());
 */
export function scopeWatches(api: NslabApi, log: (m: string) => void = () => {}): WatchScope {
  let reg = registries.get(api);
  if (!reg) registries.set(api, (reg = new Registry(api, log)));
  const registry = reg;
  const me = Symbol('client');
  const mine = new Set<string>();
  const offs: (() => void)[] = [];
  let closed = false;

  const release = async (lab: string): Promise<void> => {
    mine.delete(lab);
    if (!registry.remove(lab, me)) return;
    const r = await registry.stop(lab);
    if (!r.ok) log(`watch-scope: stopping the watch of ${lab} failed: ${r.message}`);
  };

  return {
    async invoke<K extends RequestName>(name: K, params: Params<K>): Promise<Reply<ResultOf<K>>> {
      if (name === 'watchStop') {
        const { lab } = params as Params<'watchStop'>;
        if (mine.has(lab)) await release(lab);
        return { ok: true, value: { watching: false } as ResultOf<K> };
      }
      if (name === 'watchStart') {
        if (closed) return { ok: false, code: 'helper-unavailable', message: 'this connection is closing' };
        // Counted before the helper answers: it sends the snapshot before its reply.
        const { lab } = params as Params<'watchStart'>;
        const had = mine.has(lab);
        mine.add(lab);
        registry.add(lab, me);
        const reply = await api.invoke(name, params);
        // a failed start, or the client went away while its watch was starting
        if ((!reply.ok && !had) || closed) await release(lab);
        return reply;
      }
      const reply = await api.invoke(name, params);
      if (name === 'destroy' && reply.ok) {
        const { name: lab } = params as Params<'destroy'>;
        mine.delete(lab);
        registry.forget(lab);
      }
      return reply;
    },
    on<K extends EventName>(name: K, listener: (payload: EventOf<K>) => void): () => void {
      if (name !== 'live') return api.on(name, listener);
      const off = api.on('live', (p) => {
        if (mine.has(p.lab)) (listener as (p: EventOf<'live'>) => void)(p);
      });
      offs.push(off);
      return off;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      offs.forEach((off) => off());
      await Promise.all([...mine].map(release));
    },
    watching: () => [...mine],
  };
}
