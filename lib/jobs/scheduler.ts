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
import { erasePendingCertificates } from '@/lib/dal/pending-certificates';
import { erasePreviousCredentials } from '@/lib/dal/rotation-erase';
import { rotationNow } from '@/lib/rotation/clock';
import { runRotations } from '@/lib/rotation/engine';
import { testConnection } from '@/lib/entra/test-connection';
import { logger } from '@/lib/log/logger';
import { acquireLease, holdsLease, renewLease, renewLeaseFence, withLease } from './scheduler-lease';

export const LAST_RUN_SETTING = 'scheduler.lastRunAt';
export const REQUESTED_SETTING = 'scheduler.requestedAt';
const CHECK_LEASE = 'health-checks';
const LEASE_TTL_MS = 15 * 60_000;
/**
 * One instance leads the scheduler: it holds this lease, renewing it every third of its lifetime.
 * When it dies, the lease runs out and another instance's next renewal attempt takes it, so the
 * scheduler moves within LEADER_TTL_MS + LEADER_TTL_MS / 3 (40 s by default). A lease row with a
 * fence rather than an advisory lock: it works the same on SQLite, survives connection pool
 * churn, and a leader that stalled past its lease is refused when it records its run.
 */
export const LEADER_LEASE = 'scheduler-leader';
export const LEADER_TTL_MS = Number(process.env.SCHEDULER_LEADER_SECONDS || 30) * 1000;

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
  tick: (options?: { awaitDelivery?: boolean }) => Promise<{ checked: number | null; leader: boolean }>;
  /** Takes or keeps the leader lease; the fence it is held under, null when another instance leads. */
  lead: () => Promise<number | null>;
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
  let heartbeat: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;

  let fence: number | null = null;

  async function lead(): Promise<number | null> {
    const now = clock();
    fence = (await renewLeaseFence(db(), LEADER_LEASE, owner, now, LEADER_TTL_MS)) ?? (await acquireLease(db(), LEADER_LEASE, owner, now, LEADER_TTL_MS));
    return fence;
  }

  async function runChecks(leaderFence: number): Promise<number | null> {
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
        // A leader that stalled past its lease does not record a run its successor may be doing.
        if (!(await holdsLease(tx, LEADER_LEASE, owner, leaderFence))) return;
        await putSetting(tx, LAST_RUN_SETTING, clock().toISOString());
        await writeAudit(tx, { action: 'scheduler.run', outcome: 'success', actorEmail: 'system (scheduler)', detail: { checked, owner } });
      }, db());
      return checked;
    });
  }

  async function tick({ awaitDelivery = false } = {}): Promise<{ checked: number | null; leader: boolean }> {
    const leaderFence = await lead();
    if (leaderFence === null) return { checked: null, leader: false };
    await erasePreviousCredentials(clock());
    await erasePendingCertificates(clock());
    await tidyAuthState(db(), clock());
    const checked = await runChecks(leaderFence);
    // Only the leader rotates: one run per key, its steps stored as it goes.
    await runRotations(rotationNow(clock())).catch((error: unknown) => logger().error({ err: error }, 'automatic rotation failed'));
    await queueAlerts(clock());
    // Sending goes on in the background: a slow or failing channel never holds up the checks.
    const delivery = deliverDue({ clock, owner, db: db() }).catch((error: unknown) => logger().error({ err: error }, 'alert delivery failed'));
    if (awaitDelivery) await delivery;
    return { checked, leader: true };
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
    lead,
    start(intervalMs = 60_000) {
      if (timer) return;
      timer = setInterval(guardedTick, intervalMs);
      timer.unref();
      setTimeout(guardedTick, 3_000).unref();
      // Between ticks the leader keeps its lease, and a follower watches for it to run out. An
      // instance that just became leader, or a leader asked to "Check all now" elsewhere, ticks at once.
      heartbeat = setInterval(() => {
        const was = fence;
        lead()
          .then(async (now) => {
            if (now !== null && (was === null || (await checksDue(db(), clock())))) guardedTick();
          })
          .catch((error: unknown) => logger().warn({ err: error }, 'scheduler lease renewal failed'));
      }, LEADER_TTL_MS / 3);
      heartbeat.unref();
    },
    stop() {
      clearInterval(timer);
      clearInterval(heartbeat);
      timer = undefined;
      heartbeat = undefined;
    },
    kick() {
      setTimeout(guardedTick, 0).unref();
    },
  };
}
