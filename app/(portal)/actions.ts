'use server';

import { signOut } from '@/lib/auth/auth';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/db';
import { writeAudit } from '@/lib/dal/audit-write';

export async function signOutAction(): Promise<void> {
  const actor = await getActor();
  if (actor) writeAudit(getDb(), { action: 'auth.sign_out', outcome: 'success', actor });
  await signOut({ redirectTo: '/sign-in' });
}
