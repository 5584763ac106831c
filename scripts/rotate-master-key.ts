// `npm run keys:rotate-master`: replaces the master key and re-encrypts every stored secret with
// it in one transaction. Stop the portal first (a running portal follows a rotated key file, but
// one started with AUTHKEY_MASTER_KEY must be restarted with the new key anyway).
import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase, databasePath, isMigrated, openDatabase } from '@/db';
import { databaseUrl } from '@/db/engine';
import { dataDir } from '@/db/data-dir';
import { MasterKeyError } from '@/lib/crypto/master-key';
import { rotateMasterKey } from '@/lib/crypto/rotate-master';

async function main() {
  const root = path.resolve(__dirname, '..');
  if (fs.existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
  const dir = dataDir();
  const url = databaseUrl();
  const file = databasePath(dir);
  if (!url && !fs.existsSync(file)) throw new MasterKeyError(`No database at ${file}: nothing to rotate. Set DATA_DIR to the portal's data directory.`);
  const db = openDatabase(url ?? file);
  try {
    if (!(await isMigrated(db))) throw new MasterKeyError('The database is not migrated: start the portal once (npm start), stop it, then rotate.');
    const result = await rotateMasterKey(db, dir);
    const total = result.report.reduce((n, r) => n + r.count, 0);
    console.log(`Re-encrypted ${total} value(s) with master key ${result.newKeyId} (was ${result.oldKeyId}):`);
    for (const r of result.report) console.log(`  ${r.table}.${r.column}: ${r.count}`);
    if (result.source === 'env') {
      console.log('\nThe key came from AUTHKEY_MASTER_KEY. Set it to this new value before starting the portal:\n');
      console.log(`  AUTHKEY_MASTER_KEY=${result.newKeyBase64}\n`);
      console.log(`The same value is in ${result.nextKeyFile} (mode 0600): delete that file once the environment holds it.`);
    } else {
      console.log(`\nThe new key is in ${path.join(dir, 'master.key')}. Back it up; the old key no longer opens the database.`);
    }
    console.log('Backups taken before now still need the old key: keep it with them, and only with them.');
  } finally {
    await closeDatabase(db);
  }
}

main().catch((error: unknown) => {
  console.error(`Cannot rotate the master key: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
