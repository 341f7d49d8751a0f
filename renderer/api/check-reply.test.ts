import { describe, expect, it } from 'vitest';
import { checkReply } from './check-reply';

describe('checkReply', () => {
  it('passes a valid result', () => {
    expect(checkReply('destroy', { ok: true, value: { removed: ['nslab-x-h1'] } })).toEqual({ ok: true, value: { removed: ['nslab-x-h1'] } });
  });
  it('turns a result that does not match the schema into a protocol error', () => {
    expect(checkReply('plan', { ok: true, value: { ops: [{ index: 'x' }] } })).toMatchObject({ ok: false, code: 'protocol' });
    expect(checkReply('plan', 'nonsense')).toMatchObject({ ok: false, code: 'protocol' });
  });
  it('keeps error values and their issues', () => {
    expect(checkReply('apply', { ok: false, code: 'invalid', message: 'bad lab', issues: [{ path: 'nodes.h1', message: 'x' }] }))
      .toEqual({ ok: false, code: 'invalid', message: 'bad lab', issues: [{ path: 'nodes.h1', message: 'x' }] });
  });
});
