// The helper's frame loop under hostile input (fast-check): random bytes, random JSON and
// near-valid frames never stop the loop; every frame whose id is readable gets one well-formed
// error reply; and no handler is ever called with params that fail the contract.
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requests, type RequestName } from '../../shared/protocol/api';
import { fail } from '../common/wire';
import { serve, type HandlerTable } from './serve';

interface Line { id?: number; reply?: { ok: boolean; code?: string; message?: string; value?: unknown }; event?: string }

function harness(maxLineBytes = 64 * 1024) {
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: Line[] = [];
  const bad: string[] = [];
  let buf = '';
  output.on('data', (c: Buffer) => {
    buf += c.toString();
    for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) {
      const text = buf.slice(0, i);
      try { lines.push(JSON.parse(text) as Line); } catch { bad.push(text); }
    }
  });
  const calls: { method: RequestName; params: unknown }[] = [];
  const spy = <K extends RequestName>(method: K, value: unknown) => async (params: unknown) => {
    calls.push({ method, params });
    return value as never;
  };
  const handlers: HandlerTable = {
    plan: spy('plan', { ops: [] }), apply: spy('apply', { ops: [], applied: 0 }), destroy: spy('destroy', { removed: [] }),
    list: spy('list', { labs: [] }), exec: spy('exec', { exitCode: 0, stdout: '', stderr: '' }), examples: spy('examples', { examples: [] }),
  };
  const server = serve({ input, output, handlers, maxLineBytes, log: () => {}, errorToReply: () => fail('internal', 'x') });
  return { input, server, lines, bad, calls };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

/** A frame the loop must answer: it ends with a known `list` request whose reply proves the loop is alive. */
async function sendThenProbe(h: ReturnType<typeof harness>, chunks: (string | Buffer)[], probeId: number): Promise<void> {
  for (const c of chunks) h.input.write(c);
  h.input.write(`\n${JSON.stringify({ id: probeId, method: 'list', params: {} })}\n`);
  for (let t = 0; t < 200 && !h.lines.some((l) => l.id === probeId); t++) await settle();
  expect(h.lines.some((l) => l.id === probeId && l.reply?.ok === true), 'the loop still answers').toBe(true);
}

function wellFormedError(l: Line): void {
  expect(l.reply).toBeDefined();
  expect(l.reply!.ok).toBe(false);
  expect(typeof l.reply!.code).toBe('string');
  expect(typeof l.reply!.message).toBe('string');
}

/** Every handler call carried params that pass the contract's own schema. */
function onlyValidCalls(h: ReturnType<typeof harness>): void {
  for (const c of h.calls) expect(requests[c.method].params.safeParse(c.params).success, JSON.stringify(c).slice(0, 200)).toBe(true);
}

const methods = Object.keys(requests) as RequestName[];
const POLLUTERS = ['__proto__', 'constructor', 'prototype'];

/** Params close to valid for each method, then damaged. */
const nearValidParams = fc.oneof(
  fc.record({ name: fc.oneof(fc.constantFrom('lab', '../etc', 'a'.repeat(5000), '', 'Lab', 'lab\n'), fc.string()), node: fc.oneof(fc.constant('h1'), fc.string({ maxLength: 40 })), argv: fc.oneof(fc.array(fc.string({ maxLength: 10 }), { maxLength: 80 }), fc.constant([]), fc.constant(['x'.repeat(5000)])), timeoutMs: fc.oneof(fc.integer(), fc.double(), fc.constant(undefined)) }, { requiredKeys: [] }),
  fc.record({ lab: fc.oneof(fc.constant(null), fc.constant([]), fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })), file: fc.oneof(fc.string(), fc.constant('x'.repeat(5000)), fc.integer()) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('helper serve loop under hostile input (properties)', () => {
  it('random bytes: never crashes, keeps serving, never calls a handler with bad params', async () => {
    const h = harness();
    let probe = 1_000_000;
    await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 5 }), async (parts) => {
      await sendThenProbe(h, parts.map((p) => Buffer.from(p)), probe++);
    }), { numRuns: 100 });
    expect(h.bad).toEqual([]);
    onlyValidCalls(h);
  });

  it('random JSON: every frame with a readable id gets exactly one well-formed reply', async () => {
    const h = harness();
    let id = 1;
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (v, withId) => {
      const frame = withId && v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, id: id++ } : v;
      const myId = withId && frame !== v ? id - 1 : null;
      await sendThenProbe(h, [`${JSON.stringify(frame)}\n`], 2_000_000 + id++);
      if (myId !== null) {
        const replies = h.lines.filter((l) => l.id === myId);
        expect(replies).toHaveLength(1);
        if (!replies[0]!.reply!.ok) wellFormedError(replies[0]!);
      }
    }), { numRuns: 200 });
    onlyValidCalls(h);
  });

  it('near-valid frames (right method, damaged params, huge strings and arrays, prototype keys)', async () => {
    const h = harness();
    let id = 1;
    await fc.assert(fc.asyncProperty(fc.constantFrom(...methods, 'toString', '__proto__', 'hasOwnProperty', 'constructor'), nearValidParams, fc.option(fc.constantFrom(...POLLUTERS)), async (method, params, polluter) => {
      const myId = id++;
      let text = JSON.stringify({ id: myId, method, params });
      // JSON.parse makes `__proto__` an own key: the shape an attacker's frame really has
      if (polluter) text = text.replace(/"params":(\{)?/, (m, brace: string | undefined) => (brace ? `"params":{"${polluter}":{"polluted":true},` : `"${polluter}":{"polluted":true},${m}`)).replace(/,}/g, '}');
      await sendThenProbe(h, [`${text}\n`], 3_000_000 + myId);
      const replies = h.lines.filter((l) => l.id === myId);
      expect(replies, text.slice(0, 200)).toHaveLength(1);
      const r = replies[0]!.reply!;
      if (!r.ok) wellFormedError(replies[0]!);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }), { numRuns: 300 });
    onlyValidCalls(h);
    // the table was reached only through valid params; `toString` & co never counted as methods
    expect(h.calls.every((c) => Object.hasOwn(requests, c.method))).toBe(true);
  });

  it('oversized frames are answered `too-large` with their id, streamed past, and the loop goes on', async () => {
    const h = harness(4096);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 4097, max: 60_000 }), fc.integer({ min: 1, max: 4000 }), async (size, chunk) => {
      const myId = 9000 + size;
      const text = JSON.stringify({ id: myId, method: 'apply', params: { lab: { name: 'x', pad: 'y'.repeat(size) } } });
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += chunk) pieces.push(text.slice(i, i + chunk));
      await sendThenProbe(h, [...pieces, '\n'], 4_000_000 + size);
      expect(h.lines.filter((l) => l.id === myId).map((l) => l.reply?.code)).toContain('too-large');
    }), { numRuns: 40 });
    expect(h.calls.filter((c) => c.method === 'apply')).toEqual([]);
  });
});
