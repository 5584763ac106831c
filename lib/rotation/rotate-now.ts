import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { authKeys, credentials, rotationPolicies } from '@/db/schema';
import { APP_CREDENTIAL_KINDS } from '@/contracts/enums';
import { requireRole } from '@/lib/auth/session';
import { KEY_WRITERS } from '@/lib/dal/keys';
import { ROTATION_DEFAULTS, rotationUnavailable } from '@/lib/dal/rotation-policies';
import { openRun, startRun } from '@/lib/dal/rotation-runs';
import { kickScheduler } from '@/lib/jobs/scheduler-start';
import { failure, type ActionState } from '@/lib/validation/action-state';

/**
 * "Rotate now" on a key's page: the same rotation the scheduler would start in the window, begun
 * at once. The scheduler's leader does the work (never two processes on one run); this instance
 * asks its own scheduler to tick now, and another leader picks it up within a minute.
 */
export async function rotateNow(keyId: string): Promise<ActionState> {
  const actor = await requireRole(KEY_WRITERS, 'rotation.rotate_now');
  const db = getDb();
  const [key] = await db.select({ roles: authKeys.lastTestRoles, accessType: authKeys.accessType }).from(authKeys).where(eq(authKeys.id, keyId));
  if (!key) return failure('This authKey no longer exists.');
  const blocked = rotationUnavailable(key.roles, key.accessType);
  if (blocked) return failure(blocked);
  if (await openRun(keyId)) return failure('A rotation of this key is already under way: its progress is shown below.');
  const [active] = await db
    .select({ id: credentials.id, kind: credentials.kind, azureKeyId: credentials.azureKeyId })
    .from(credentials)
    .where(and(eq(credentials.authKeyId, keyId), inArray(credentials.kind, [...APP_CREDENTIAL_KINDS]), eq(credentials.state, 'active')));
  if (!active) return failure('This key has no credential to rotate.');
  // The run takes its lifetime and overlap from the policy: the defaults when none was saved.
  await db.insert(rotationPolicies).values({ authKeyId: keyId, enabled: false, ...ROTATION_DEFAULTS, updatedBy: actor.id }).onConflictDoNothing();
  const run = await startRun({ keyId, credentialId: active.id, kind: active.kind === 'certificate' ? 'certificate' : 'secret', azureKeyId: active.azureKeyId }, new Date(), actor);
  if (!run) return failure('A rotation of this key is already under way.');
  kickScheduler();
  return { status: 'success', message: 'Rotation started. It runs in the background; this page shows each step.' };
}
