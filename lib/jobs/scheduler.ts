import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { eq } from 'drizzle-orm';
import { getDb, transaction, type Db } from '@/db';
import { authKeys, settings } from '@/db/schema';
import { deliverDue } from '@/lib/alerts/dispatch';
import { tidyAuthState } from '@/lib/auth/housekeeping';
import { queueAlerts } from '@/lib/alerts/rules';
import { putSetting } from '@/lib/dal/audit-retention';
import { writeAudit } from '@/lib/dal/audit-write';
import { recordAppSecrets } from '@/lib/dal/expiry-health';
import { readExpirySettings } from '@/lib/dal/expiry-settings';
import { erasePreviousCredentials } from '@/lib/dal/rotation-erase';
import { testConnection } from '@/lib/entra/test-connection';
import { logger } from '@/lib/log/logger';
import { renewLease, withLease } from './scheduler-lease';

export const LAST_RUN_SETTING = 'scheduler.lastRunAt';
export const REQUESTED_SETTING = 'scheduler.requestedAt';
const CHECK_LEASE = 'health-checks';
const LEASE_TTL_MS = 15 * 60_000;

export type SchedulerOptions = {
  /** Who holds leases: unique per process, so that two portal processes tell each other apart. */
  owner?: string;
  /** Injected in tests to move time forward. */
  clock?: () => Date;
  /** The connection leases go through (tests give each instance its own, as separate processes have). */
  db?: Db;
};

export type Scheduler = {
  owner: string;
  tick: (options?: { awaitDelivery?: boolean }) => Promise<{ checked: number | null }>;
  start: (intervalMs?: number) => void;
  stop: () => void;
  /** Runs a tick soon without waiting for the interval ("Check all now"). */
  kick: () => void;
};

async function setting(db: Db, key: string): Promise<string | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1);
  return row ? String(row.value) : null;
}

/** Due when never run, when the interval has passed, or when someone asked for a run since the last one. */
export async function checksDue(db: Db, now: Date): Promise<boolean> {
  const last = await setting(db, LAST_RUN_SETTING);
  if (!last) return true;
  const requested = await setting(db, REQUESTED_SETTING);
  if (requested && requested > last) return true;
  return now.getTime() - Date.parse(last) >= (await readExpirySettings(db)).scheduler.intervalHours * 3_600_000;
}

export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const clock = options.clock ?? (() => new Date());
  const db = () => options.db ?? getDb();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;

  async function runChecks(): Promise<number | null> {
    if (!(await checksDue(db(), clock()))) return null;
    return withLease(db(), CHECK_LEASE, owner, clock(), LEASE_TTL_MS, async () => {
      // Asked again under the lease: another process may have finished the run a moment ago.
      if (!(await checksDue(db(), clock()))) return null;
      const keys = await getDb().select({ id: authKeys.id }).from(authKeys).orderBy(authKeys.createdAt, authKeys.id);
      let checked = 0;
      for (const key of keys) {
        if (!(await renewLease(db(), CHECK_LEASE, owner, clock(), LEASE_TTL_MS))) break;
        try {
          const result = await testConnection(key.id, { trigger: 'scheduled' });
          if (result) await recordAppSecrets(key.id, result);
          checked += 1;
        } catch (error) {
          // One key's trouble (a cloud that cannot be reached) must not stop the others.
          logger().warn({ err: error, authKeyId: key.id }, 'scheduled health check failed to run');
        }
      }
      await transaction(async (tx) => {
        await putSetting(tx, LAST_RUN_SETTING, clock().toISOString());
        await writeAudit(tx, { action: 'scheduler.run', outcome: 'success', actorEmail: 'system (scheduler)', detail: { checked, owner } });
      }, db());
      return checked;
    });
  }

  async function tick({ awaitDelivery = false } = {}): Promise<{ checked: number | null }> {
    await erasePreviousCredentials(clock());
    await tidyAuthState(db(), clock());
    const checked = await runChecks();
    await queueAlerts(clock());
    // Sending goes on in the background: a slow or failing channel never holds up the checks.
    const delivery = deliverDue({ clock, owner, db: db() }).catch((error: unknown) => logger().error({ err: error }, 'alert delivery failed'));
    if (awaitDelivery) await delivery;
    return { checked };
  }

  function guardedTick() {
    if (running) return;
    running = tick()
      .catch((error: unknown) => logger().error({ err: error }, 'scheduler tick failed'))
      .finally(() => {
        running = null;
      });
  }

  return {
    owner,
    tick,
    start(intervalMs = 60_000) {
      if (timer) return;
      timer = setInterval(guardedTick, intervalMs);
      timer.unref();
      setTimeout(guardedTick, 3_000).unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    kick() {
      setTimeout(guardedTick, 0).unref();
    },
  };
}
