import { beforeEach, describe, expect, it } from 'vitest';
import { withDelta } from '../../shared/lab/delta';
import type { Lab } from '../../shared/lab/schema';
import type { NslabApi } from '../../shared/protocol/api';
import { createAppStore, store } from '../store';
import { applyRequest, sendApply, sendPlan } from './apply-request';

/** A lab built and edited through the store, so unchanged parts stay the same objects. */
function edited(): { before: Lab; after: Lab; store: ReturnType<typeof createAppStore> } {
  const st = createAppStore();
  const s = () => st.getState();
  s().loadLab({ name: 'lab1', nodes: {}, links: [] });
  s().addNode('host'); s().addNode('router'); s().addNode('host');
  s().connect('h1', 'r1');
  const before = s().lab;
  s().updateIface('r1', 'eth0', { addresses: ['10.0.1.1/24'] });
  s().connect('r1', 'h2');
  return { before, after: s().lab, store: st };
}

const rebuilt = (base: Lab, delta: object) => withDelta(base as never, delta as never);

describe('applyRequest', () => {
  it('sends what changed since the base, against its revision; the delta rebuilds the lab', () => {
    const { before, after } = edited();
    const req = applyRequest(after, { revision: 'abc-1', lab: before }, '/tmp/lab1.yaml');
    expect(req.method).toBe('applyDelta');
    if (req.method !== 'applyDelta') return;
    const { delta, file } = req.params;
    expect(file).toBe('/tmp/lab1.yaml');
    expect(delta).toMatchObject({ name: 'lab1', base: 'abc-1' });
    // r1 got an address and a port; h1 and h2 are the same objects (h2's new port is in the link)
    expect(Object.keys(delta.nodes ?? {})).toEqual(['r1']);
    expect(delta.links).toEqual([{ at: 1, remove: 0, insert: [after.links![1]] }]);
    expect(delta.drop ?? [], 'nothing dropped').toEqual([]);
    const { name: _n, base: _b, ...body } = delta;
    expect(rebuilt(before, body)).toEqual(after);
  });

  it('sends an empty delta when nothing changed (the helper applies its base again)', () => {
    const { after } = edited();
    expect(applyRequest(after, { revision: 'abc-2', lab: after }, null)).toEqual({ method: 'applyDelta', params: { delta: { name: 'lab1', base: 'abc-2' } } });
  });

  it('sends the whole lab without a base, for another lab name, or when the nodes were reordered', () => {
    const { before, after } = edited();
    expect(applyRequest(after, null, null)).toEqual({ method: 'apply', params: { lab: after } });
    expect((applyRequest(after, null, null).params as { lab: unknown }).lab).toBe(after); // the store's object, as is
    expect(applyRequest(after, { revision: 'abc-1', lab: { ...before, name: 'other' } }, 'f.yaml')).toEqual({ method: 'apply', params: { lab: after, file: 'f.yaml' } });
    const { h1, ...rest } = after.nodes;
    const reordered = { ...after, nodes: { ...rest, h1: h1! } };
    expect(applyRequest(reordered, { revision: 'abc-1', lab: before }, null).method).toBe('apply');
  });
});

describe('sendApply', () => {
  const ok = (revision?: string) => ({ ok: true, value: { ops: [], applied: 0, ...(revision ? { revision } : {}) } });
  const fail = (code: string) => ({ ok: false, code, message: `failed: ${code}` });
  /** An api answering each request from `answers` in turn, recording what was sent. */
  const fakeApi = (...answers: object[]) => {
    const calls: { name: string; params: Record<string, unknown> }[] = [];
    const api = { invoke: async (name: string, params: Record<string, unknown>) => { calls.push({ name, params }); return answers.shift(); }, on: () => () => {} };
    return { api: api as unknown as NslabApi, calls };
  };
  const s = () => store.getState();
  let before: Lab, after: Lab;
  beforeEach(() => {
    ({ before, after } = edited());
    s().loadLab(before);
  });

  it('remembers the lab sent under the revision of the reply, and sends a delta against it next', async () => {
    const { api, calls } = fakeApi(ok('p-1'), ok('p-2'));
    await sendApply(api, before, null);
    expect(s().appliedBase).toEqual({ revision: 'p-1', lab: before });
    expect(s().appliedBase!.lab).toBe(before);
    const r = await sendApply(api, after, null);
    expect(r.ok).toBe(true);
    expect(calls.map((c) => c.name)).toEqual(['apply', 'applyDelta']);
    expect(calls[1]!.params.delta).toMatchObject({ name: 'lab1', base: 'p-1' });
    expect(s().appliedBase).toEqual({ revision: 'p-2', lab: after });
  });

  it('a stale base: the whole lab is sent once, silently, and its revision becomes the base', async () => {
    s().setAppliedBase({ revision: 'old-1', lab: before });
    const { api, calls } = fakeApi(fail('stale'), ok('new-1'));
    const r = await sendApply(api, after, '/tmp/x.yaml');
    expect(r).toEqual(ok('new-1'));
    expect(calls).toEqual([
      { name: 'applyDelta', params: expect.objectContaining({ file: '/tmp/x.yaml' }) },
      { name: 'apply', params: { lab: after, file: '/tmp/x.yaml' } },
    ]);
    expect(s().appliedBase).toEqual({ revision: 'new-1', lab: after });
  });

  it('any other failure is the answer, and forgets the base (so does a reply without a revision)', async () => {
    s().setAppliedBase({ revision: 'old-1', lab: before });
    const { api, calls } = fakeApi(fail('kernel'));
    expect(await sendApply(api, after, null)).toEqual(fail('kernel'));
    expect(calls.map((c) => c.name)).toEqual(['applyDelta']);
    expect(s().appliedBase).toBeNull();

    const whole = fakeApi(fail('busy'));
    expect(await sendApply(whole.api, after, null)).toEqual(fail('busy'));
    expect(whole.calls.map((c) => c.name)).toEqual(['apply']);

    s().setAppliedBase({ revision: 'old-1', lab: before });
    const retried = fakeApi(fail('stale'), fail('invalid'));
    expect(await sendApply(retried.api, after, null)).toEqual(fail('invalid'));
    expect(retried.calls.map((c) => c.name)).toEqual(['applyDelta', 'apply']);
    expect(s().appliedBase).toBeNull();

    await sendApply(fakeApi(ok()).api, after, null);
    expect(s().appliedBase).toBeNull();
  });

  it('a plan is sent the same way, and the apply confirmed after it is a delta of what changed since (nothing)', async () => {
    s().setAppliedBase({ revision: 'a-1', lab: before });
    const { api, calls } = fakeApi(ok('p-1'), ok('a-2'));
    await sendPlan(api, after);
    expect(s().appliedBase).toEqual({ revision: 'p-1', lab: after });
    await sendApply(api, after, null);
    expect(calls.map((c) => c.name)).toEqual(['planDelta', 'applyDelta']);
    expect(Object.keys(calls[0]!.params.delta as object)).toContain('nodes');
    expect(calls[1]!.params).toEqual({ delta: { name: 'lab1', base: 'p-1' } });

    s().setAppliedBase({ revision: 'gone-1', lab: before });
    const stale = fakeApi(fail('stale'), ok('p-2'));
    expect(await sendPlan(stale.api, after)).toEqual(ok('p-2'));
    expect(stale.calls).toEqual([{ name: 'planDelta', params: expect.anything() }, { name: 'plan', params: { lab: after } }]);
    expect(s().appliedBase).toEqual({ revision: 'p-2', lab: after });
  });
});
