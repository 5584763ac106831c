import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { authKeys, rotationPolicies, rotationRuns } from '@/db/schema';
import type { RotationState } from '@/contracts/enums';
import { requireRole } from '@/lib/auth/session';
import { permissionsAllow } from '@/lib/entra/permission-catalog';
import { failure, type ActionState } from '@/lib/validation/action-state';
import { writeAudit } from './audit-write';
import { KEY_READERS, KEY_WRITERS } from './keys';

export type AutoRotationDto = {
  enabled: boolean;
  daysBefore: number;
  lifetimeDays: number;
  overlapDays: number;
  updatedAt: string | null;
  /** Why it cannot be turned on, from the permissions the key's last test saw; null when it can. */
  unavailable: string | null;
  /** The latest automatic rotation of this key, if any. */
  lastRun: RotationRunDto | null;
};

export type RotationRunDto = {
  id: string;
  kind: 'secret' | 'certificate';
  state: RotationState;
  attempts: number;
  nextAttemptAt: string;
  removeAfter: string | null;
  lastError: string | null;
  startedAt: string;
  finishedAt: string | null;
};

export const ROTATION_DEFAULTS = { daysBefore: 30, lifetimeDays: 180, overlapDays: 7 } as const;

/** What the key's last token says about managing its own app. */
export function rotationUnavailable(lastTestRoles: string[] | null, accessType: 'app' | 'delegated'): string | null {
  if (accessType === 'delegated') return 'Automatic rotation is for Enterprise App keys: a Delegated key signs in as a user, whose password the portal does not change.';
  if (lastTestRoles === null) return 'Test the key first: the test shows whether its token may change its own app registration.';
  if (permissionsAllow(lastTestRoles, 'apps.rotate-own').allowed) return null;
  return 'Its token has neither Application.ReadWrite.OwnedBy (with the app as an owner of itself) nor Application.ReadWrite.All, so the portal cannot add or remove the app’s credentials. Add the operation “Rotate its own credentials automatically” to the key, grant the permission and admin consent, and test again.';
}

export async function getAutoRotation(keyId: string): Promise<AutoRotationDto | null> {
  await requireRole(KEY_READERS, 'rotation.read');
  const db = getDb();
  const [key] = await db.select({ roles: authKeys.lastTestRoles, accessType: authKeys.accessType }).from(authKeys).where(eq(authKeys.id, keyId));
  if (!key) return null;
  const [policy] = await db.select().from(rotationPolicies).where(eq(rotationPolicies.authKeyId, keyId));
  const runs = await db.select().from(rotationRuns).where(eq(rotationRuns.authKeyId, keyId));
  const last = runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  return {
    enabled: policy?.enabled ?? false,
    daysBefore: policy?.daysBefore ?? ROTATION_DEFAULTS.daysBefore,
    lifetimeDays: policy?.lifetimeDays ?? ROTATION_DEFAULTS.lifetimeDays,
    overlapDays: policy?.overlapDays ?? ROTATION_DEFAULTS.overlapDays,
    updatedAt: policy?.updatedAt ?? null,
    unavailable: rotationUnavailable(key.roles, key.accessType),
    lastRun: last
      ? { id: last.id, kind: last.kind, state: last.state, attempts: last.attempts, nextAttemptAt: last.nextAttemptAt, removeAfter: last.removeAfter, lastError: last.lastError, startedAt: last.startedAt, finishedAt: last.finishedAt }
      : null,
  };
}

export async function saveAutoRotation(input: { keyId: string; enabled: boolean; daysBefore: number; lifetimeDays: number; overlapDays: number }): Promise<ActionState> {
  const actor = await requireRole(KEY_WRITERS, 'rotation.policy_update');
  return transaction(async (tx) => {
    const [key] = await tx.select({ roles: authKeys.lastTestRoles, accessType: authKeys.accessType }).from(authKeys).where(eq(authKeys.id, input.keyId));
    if (!key) return failure('This authKey no longer exists.');
    const blocked = input.enabled ? rotationUnavailable(key.roles, key.accessType) : null;
    if (blocked) return failure(blocked, { enabled: [blocked] });
    const values = { enabled: input.enabled, daysBefore: input.daysBefore, lifetimeDays: input.lifetimeDays, overlapDays: input.overlapDays, updatedBy: actor.id, updatedAt: new Date().toISOString() };
    await tx.insert(rotationPolicies).values({ authKeyId: input.keyId, ...values }).onConflictDoUpdate({ target: rotationPolicies.authKeyId, set: values });
    await writeAudit(tx, { action: 'rotation.policy_update', outcome: 'success', actor, targetType: 'auth_key', targetId: input.keyId, authKeyId: input.keyId, detail: { enabled: input.enabled, daysBefore: input.daysBefore, lifetimeDays: input.lifetimeDays, overlapDays: input.overlapDays } });
    return { status: 'success' as const, message: input.enabled ? `Automatic rotation is on: ${input.daysBefore} days before expiry, with ${input.overlapDays} days of overlap.` : 'Automatic rotation is off.' };
  });
}
