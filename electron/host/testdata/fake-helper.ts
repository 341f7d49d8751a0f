// A stand-in for the privileged helper in unit tests: speaks the same frames, misbehaves on cue.
// FAKE_MODE=die-on-start exits at once; FAKE_SILENT=1 never says ready nor reads.
// destroy{name}: "crash" exits, "hang" never answers, "bad" answers off-contract, "garbage" prints junk first.
import { createInterface } from 'node:readline';

if (process.env.FAKE_MODE === 'die-on-start') process.exit(1);
const send = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
// FAKE_SILENT: like pkexec waiting at its password prompt — alive, reading nothing.
if (process.env.FAKE_SILENT) setInterval(() => {}, 1000);
else send({ event: 'helperStatus', payload: { state: 'ready' } });
process.stderr.write(`fake helper ${process.pid} up\n`);

if (!process.env.FAKE_SILENT) createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, method, params } = JSON.parse(line) as { id: number; method: string; params: Record<string, unknown> };
  if (method === 'list') return send({ id, reply: { ok: true, value: { labs: [] } } });
  if (method === 'exec') return send({ id, reply: { ok: true, value: { exitCode: 0, stdout: String(process.pid), stderr: '' } } });
  if (method === 'apply') {
    send({ event: 'progress', payload: { lab: 'a', done: 1, total: 1, status: 'done' } });
    send({ event: 'progress', payload: { lab: 'a', done: 'x' } });
    return send({ id, reply: { ok: true, value: { ops: [], applied: 1 } } });
  }
  if (method === 'destroy') {
    if (params.name === 'crash') process.exit(3);
    if (params.name === 'hang') return;
    if (params.name === 'bad') return send({ id, reply: { ok: true, value: { removed: 42 } } });
    if (params.name === 'garbage') process.stdout.write('this is not json\n');
    return send({ id, reply: { ok: false, code: 'not-found', message: `no lab ${String(params.name)}` } });
  }
  send({ id, reply: { ok: false, code: 'unknown-method', message: method } });
});
