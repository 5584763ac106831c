import 'server-only';
import { createScheduler, type Scheduler } from './scheduler';

// One scheduler per server process, kept on globalThis: instrumentation, pages and actions may be
// bundled apart, but they share the process.
const g = globalThis as unknown as { __authkeyScheduler?: Scheduler };

/** Called from instrumentation.ts once the server starts. SCHEDULER=off disables it. */
export function startScheduler(): void {
  if ((process.env.SCHEDULER ?? 'on').toLowerCase() === 'off' || g.__authkeyScheduler) return;
  g.__authkeyScheduler = createScheduler();
  g.__authkeyScheduler.start();
}

/** After "Check all now": run a tick at once in this process (others see the request on their next tick). */
export function kickScheduler(): boolean {
  if (!g.__authkeyScheduler) return false;
  g.__authkeyScheduler.kick();
  return true;
}
