/** Errors cross boundaries as values (ARCHITECTURE.md). */
export type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(code: string, message: string): Result<T> => ({ ok: false, code, message });
