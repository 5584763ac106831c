import 'server-only';
import { claimableJobIds, completeJob, settledRunningJobIds } from './bulk-store';
import { runJob, type RunOptions } from './bulk-runner';

const globalForJobs = globalThis as unknown as { __authkeyJobs?: { active: Set<string>; timer?: NodeJS.Timeout } };
const state = (globalForJobs.__authkeyJobs ??= { active: new Set<string>() });

/**
 * Starts a job in this process unless this process already runs it. Fire and forget: the job
 * outlives the request that started it, and its progress lives in the database.
 */
export function kickJob(jobId: string, options: RunOptions = {}): void {
  if (state.active.has(jobId)) return;
  state.active.add(jobId);
  runJob(jobId, options)
    .catch((error: unknown) => console.error(`[jobs] job ${jobId} stopped:`, error))
    .finally(() => state.active.delete(jobId));
}

/**
 * Looks every `everyMs` for running jobs with rows nobody holds, in every instance: a job started
 * elsewhere, or rows whose instance died (their claims ran out), are worked here too. A job whose
 * rows are all settled but that nobody marked completed (its last worker died) is completed.
 */
export function startJobSupervisor(everyMs = Number(process.env.BULK_SWEEP_SECONDS || 5) * 1000): void {
  if (state.timer) return;
  const sweep = async () => {
    for (const id of await claimableJobIds()) kickJob(id);
    for (const id of await settledRunningJobIds()) if (!state.active.has(id)) await completeJob(id, null);
  };
  const run = () => void sweep().catch((error: unknown) => console.error('[jobs] could not look for jobs to work:', error));
  run();
  state.timer = setInterval(run, everyMs);
  state.timer.unref?.();
}
