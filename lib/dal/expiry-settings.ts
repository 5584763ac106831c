import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, transaction, type Db } from '@/db';
import { settings } from '@/db/schema';
import { requireRole } from '@/lib/auth/session';
import type { ActionState } from '@/lib/validation/action-state';
import type { ExpirySettingsInput } from '@/lib/validation/expiry';
import { putSetting } from './audit-retention';
import { writeAudit } from './audit-write';
import { KEY_READERS } from './keys';

/** Days left at or under which a credential falls in each band (expired is ≤ 0). */
export type Thresholds = { critical: number; warning: number; notice: number };
/** Which moments raise an alert: each day count, expiry itself, and failed health checks. */
export type AlertRules = { thresholds: number[]; onExpired: boolean; onFailedCheck: boolean };
export type RotationSettings = { testWindowSeconds: number; graceDays: number };
export type SchedulerSettings = { intervalHours: number };
export type ExpirySettings = { thresholds: Thresholds; alerts: AlertRules; rotation: RotationSettings; scheduler: SchedulerSettings };

export const EXPIRY_SETTINGS_KEY = 'expiry.settings';

export const DEFAULT_EXPIRY_SETTINGS: ExpirySettings = {
  thresholds: { critical: 7, warning: 30, notice: 90 },
  alerts: { thresholds: [30, 14, 7, 1], onExpired: true, onFailedCheck: true },
  // New secrets take a moment to work in Entra ID: keep trying for about a minute.
  rotation: { testWindowSeconds: 60, graceDays: 7 },
  scheduler: { intervalHours: 24 },
};

type Reader = Pick<Db, 'select'>;

/** Stored settings merged over the defaults, so a partial or older value still reads whole. */
export async function readExpirySettings(db: Reader = getDb()): Promise<ExpirySettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, EXPIRY_SETTINGS_KEY)).limit(1);
  const stored = (row?.value ?? {}) as Partial<ExpirySettings>;
  const d = DEFAULT_EXPIRY_SETTINGS;
  return {
    thresholds: { ...d.thresholds, ...stored.thresholds },
    alerts: { ...d.alerts, ...stored.alerts },
    rotation: { ...d.rotation, ...stored.rotation },
    scheduler: { ...d.scheduler, ...stored.scheduler },
  };
}

export async function getExpirySettings(): Promise<ExpirySettings> {
  await requireRole(KEY_READERS, 'expiry.settings.read');
  return readExpirySettings();
}

export async function saveExpirySettings(input: ExpirySettingsInput): Promise<ActionState> {
  const actor = await requireRole(['admin'], 'expiry.settings.update');
  const db = getDb();
  const before = await readExpirySettings(db);
  const next: ExpirySettings = {
    thresholds: { critical: input.critical, warning: input.warning, notice: input.notice },
    alerts: { thresholds: input.alertDays, onExpired: input.onExpired, onFailedCheck: input.onFailedCheck },
    rotation: { testWindowSeconds: input.testWindowSeconds, graceDays: input.graceDays },
    scheduler: { intervalHours: input.intervalHours },
  };
  await transaction(async (tx) => {
    await putSetting(tx, EXPIRY_SETTINGS_KEY, next);
    await writeAudit(tx, { action: 'settings.update', outcome: 'success', actor, targetType: 'setting', targetId: EXPIRY_SETTINGS_KEY, detail: { from: before, to: next } });
  });
  return { status: 'success', message: 'Thresholds saved. The dashboard and the next alert run use them.' };
}
