/**
 * The engine's entry points: everything the CLI, the helper's stdio server and the tests call.
 * (Stub signatures first; the lead engineer fills them in. Callers code against these.)
 */
import type { PlannedOp, LabSummary, EventOf } from '../../shared/protocol/api';

export type ProgressListener = (e: EventOf<'progress'>) => void;

export class EngineError extends Error {
  constructor(readonly code: 'invalid' | 'conflict' | 'not-owned' | 'missing-feature' | 'kernel' | 'not-found' | 'busy', message: string, readonly issues: { path: string; message: string; line?: number; col?: number }[] = []) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Validate a lab (data or YAML text) and plan it against the kernel, without changing anything. */
export async function plan(_lab: unknown): Promise<PlannedOp[]> { throw new EngineError('kernel', 'not implemented yet'); }

/** Bring the kernel to the lab: create, change and remove only the difference. */
export async function apply(_lab: unknown, _opts: { file?: string; onProgress?: ProgressListener } = {}): Promise<{ ops: PlannedOp[]; applied: number }> { throw new EngineError('kernel', 'not implemented yet'); }

/** Remove exactly what the ledger says the lab owns. Returns the namespaces removed. */
export async function destroy(_name: string): Promise<string[]> { throw new EngineError('kernel', 'not implemented yet'); }

/** Labs the ledger knows about. */
export async function list(): Promise<LabSummary[]> { throw new EngineError('kernel', 'not implemented yet'); }

/** Run a command (argv, no shell) inside one of a lab's nodes. */
export async function execInNode(_lab: string, _node: string, _argv: string[], _timeoutMs = 10_000): Promise<{ exitCode: number; stdout: string; stderr: string }> { throw new EngineError('kernel', 'not implemented yet'); }
