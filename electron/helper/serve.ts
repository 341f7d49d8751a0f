/**
 * The helper's frame loop: JSON-lines requests in, replies and events out. Every line is checked
 * against the contract before a handler sees it; a bad line gets an error reply (when it has a
 * readable id) and never stops the loop. Kept free of the engine so it is testable with streams.
 */
import type { Readable, Writable } from 'node:stream';
import type { RequestName, EventName, Params, ResultOf, EventOf, Reply } from '../../shared/protocol/api';
import { LineDecoder } from '../common/lines';
import { MAX_FRAME_BYTES, eventLine, fail, parseRequestFrame, peekId, replyLine, type CheckedRequest, type Failure } from '../common/wire';

export type Emit = <E extends EventName>(event: E, payload: EventOf<E>) => void;
export type Handler<K extends RequestName> = (params: Params<K>, ctx: { emit: Emit }) => Promise<ResultOf<K>>;
/** Methods this process answers; a method without a handler gets `unknown-method`. */
export type HandlerTable = { [K in RequestName]?: Handler<K> };

export interface ServeOptions {
  input: Readable;
  output: Writable;
  handlers: HandlerTable;
  /** Turn a handler's exception into an error reply (e.g. EngineError → its code and issues). */
  errorToReply?: (error: unknown) => Failure;
  log?: (message: string) => void;
  maxLineBytes?: number;
}

export interface Server {
  emit: Emit;
  /** Stop reading requests; `done` resolves once the running ones finish or `graceMs` passes. */
  stop(graceMs?: number): void;
  /** Resolves when the input has ended (or stop was called) and no request is running. */
  done: Promise<void>;
  inFlight(): number;
}

const defaultErrorToReply = (): Failure => fail('internal', 'internal error in the helper (see its log)');

export function serve(opts: ServeOptions): Server {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const errorToReply = opts.errorToReply ?? defaultErrorToReply;
  const running = new Set<Promise<void>>();
  let ended = false;
  let outputBroken = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const write = (line: string) => {
    if (outputBroken) return;
    opts.output.write(`${line}\n`);
  };
  opts.output.on('error', (e: Error) => {
    // The parent is gone (EPIPE): nobody can read our answers any more.
    outputBroken = true;
    log(`helper: output closed (${e.message}); stopping`);
    stop(0);
  });

  const emit: Emit = (event, payload) => write(eventLine(event, payload));
  const reply = (id: number | null, r: Reply<unknown>) => {
    if (id === null) {
      log(`helper: dropped a frame without a readable id (${r.ok ? 'ok' : r.code})`);
      return;
    }
    write(replyLine(id, r));
  };

  async function run(id: number, req: CheckedRequest): Promise<void> {
    const handler = opts.handlers[req.method] as Handler<RequestName> | undefined;
    if (!handler) return reply(id, fail('unknown-method', `${req.method} is not answered by this process`));
    try {
      const value = await handler(req.params as never, { emit });
      reply(id, { ok: true, value });
    } catch (error) {
      const r = errorToReply(error);
      if (r.code === 'internal') log(`helper: ${req.method} failed: ${(error as Error)?.stack ?? String(error)}`);
      reply(id, r);
    }
  }

  const decoder = new LineDecoder(
    opts.maxLineBytes ?? MAX_FRAME_BYTES,
    (line) => {
      if (ended) return;
      const frame = parseRequestFrame(line);
      if ('error' in frame) return reply(frame.id, frame.error);
      const p = run(frame.id, frame.request).finally(() => {
        running.delete(p);
        maybeDone();
      });
      running.add(p);
    },
    (head) => reply(peekId(head), fail('too-large', `frame larger than ${opts.maxLineBytes ?? MAX_FRAME_BYTES} bytes`)),
  );

  const onData = (chunk: Buffer | string) => decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const onEnd = () => {
    decoder.end();
    stop();
  };
  opts.input.on('data', onData);
  opts.input.on('end', onEnd);
  opts.input.on('close', onEnd);
  opts.input.on('error', (e: Error) => {
    log(`helper: input error: ${e.message}`);
    onEnd();
  });

  let graceTimer: NodeJS.Timeout | undefined;
  function stop(graceMs = 60_000): void {
    if (!ended) {
      ended = true;
      opts.input.off('data', onData);
      opts.input.pause();
    }
    if (running.size > 0 && graceMs < Infinity) {
      // An apply half-way through is better finished than abandoned, but not forever.
      clearTimeout(graceTimer);
      graceTimer = setTimeout(() => {
        log(`helper: giving up on ${running.size} running request(s)`);
        resolveDone();
      }, graceMs);
      graceTimer.unref?.();
    }
    maybeDone();
  }
  function maybeDone(): void {
    if (ended && running.size === 0) {
      clearTimeout(graceTimer);
      resolveDone();
    }
  }

  return { emit, stop, done, inFlight: () => running.size };
}
