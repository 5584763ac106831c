import 'server-only';
import { orphanedJobIds } from './bulk-store';
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
 * Resumes running jobs that no live process holds: at start-up, and then every `everyMs`, so a
 * job whose process died is picked up once its lease runs out.
 */
export function startJobSupervisor(everyMs = 15_000): void {
  if (state.timer) return;
  const sweep = () =>
    orphanedJobIds().then(
      (ids) => ids.forEach((id) => kickJob(id)),
      (error: unknown) => console.error('[jobs] could not look for jobs to resume:', error),
    );
  void sweep();
  state.timer = setInterval(sweep, everyMs);
  state.timer.unref?.();
}
