// The crash test's writer: commits authKeys with a sealed secret and their audit rows as fast as
// it can, and reports each id on stdout only after its transaction committed. The parent
// (scripts/crash-test.ts) kills it with SIGKILL at random moments.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { openDatabase, transaction } from '@/db';
import { authKeys, credentials } from '@/db/schema';
import { seal, toMasterKey } from '@/lib/crypto/envelope';
import { bindingFor } from '@/lib/crypto/sealed-columns';
import { writeAudit } from '@/lib/dal/audit-write';

export const crashSecretFor = (id: string) => `crash-secret-${id}`;

async function main() {
  const [file, keyBase64] = [process.argv[2], process.env.CRASH_MASTER_KEY];
  if (!file || !keyBase64) throw new Error('usage: crash-test-child <db file> (CRASH_MASTER_KEY set)');
  const key = toMasterKey(Buffer.from(keyBase64, 'base64'));
  const db = openDatabase(file);
  // Reported with a blocking write: a line on stdout means the commit returned first.
  fs.writeSync(1, 'ready\n');
  for (;;) {
    const id = randomUUID();
    const credentialId = randomUUID();
    await transaction(async (tx) => {
      await tx.insert(authKeys).values({ id, name: `crash ${id.slice(0, 8)}`, cloud: 'sandbox', tenantId: 'crash-tenant', clientId: 'crash-client' });
      await tx.insert(credentials).values({ id: credentialId, authKeyId: id, kind: 'secret', value: seal(crashSecretFor(id), bindingFor('credentials', credentialId), key), hint: 'cra' });
      await writeAudit(tx, { action: 'key.create', outcome: 'success', actorEmail: 'crash-test', targetType: 'auth_key', targetId: id, authKeyId: id });
    }, db);
    fs.writeSync(1, `committed ${id}\n`);
  }
}

if (process.argv[1] && /crash-test-child/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
