// Start-up work of the server process. Keep register() small: each background job adds one line
// that calls into lib/jobs. Never during `next build`, and only in the Node.js runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { logger } = await import('@/lib/log/logger');
  logger().info({ pid: process.pid, scheduler: process.env.SCHEDULER ?? 'on' }, 'portal server started');
  const { startScheduler } = await import('@/lib/jobs/scheduler-start');
  startScheduler();
  const { startJobSupervisor } = await import('@/lib/jobs/bulk-supervisor');
  startJobSupervisor();
}
