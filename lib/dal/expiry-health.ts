import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { credentials } from '@/db/schema';
import type { TestResult } from '@/lib/entra/test-connection';

/**
 * After a check that could read the app registration: remembers whether the app holds a secret
 * that outlives the stored one, i.e. someone created a new secret in Azure and never pasted it
 * here (a rotation half done). Only the newer secret's Secret ID, hint and end date are kept.
 */
export async function recordAppSecrets(keyId: string, result: TestResult): Promise<void> {
  const secrets = result.app?.secrets;
  if (!secrets) return;
  const stored = secrets.find((s) => s.stored);
  if (!stored?.endDateTime) return;
  const storedEnd = Date.parse(stored.endDateTime);
  const newer = secrets
    .filter((s) => !s.stored && s.endDateTime && Date.parse(s.endDateTime) > storedEnd)
    .sort((a, b) => Date.parse(b.endDateTime!) - Date.parse(a.endDateTime!))[0];
  await getDb()
    .update(credentials)
    .set({ appNewerSecret: newer ? { keyId: newer.keyId, hint: newer.hint, endDateTime: newer.endDateTime } : null })
    .where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, 'secret'), eq(credentials.state, 'active')));
}
