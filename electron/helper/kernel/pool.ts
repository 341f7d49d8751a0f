/**
 * Run async jobs with at most `limit` in flight. The helper runs on small machines (2 cores in
 * CI) and every job is a process, so namespaces run concurrently but capped.
 * `shouldStart` is asked before each job starts: once it says no, queued jobs are skipped while
 * the running ones finish (the executor stops a stage at the first failure this way).
 */
export async function runPool<T>(
  jobs: (() => Promise<T>)[],
  limit: number,
  shouldStart: () => boolean = () => true,
): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array(jobs.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      if (!shouldStart()) continue;
      results[i] = await jobs[i]!();
    }
  };
  const n = Math.max(1, Math.min(Math.floor(limit) || 1, jobs.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}
