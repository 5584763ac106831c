// `npm run db:backup -- <file>`: a consistent copy of the portal's database, safe to take while
// the portal runs. The master key is not in it: keep the key (DATA_DIR/master.key or
// AUTHKEY_MASTER_KEY) backed up separately, or the secrets in the copy cannot be read.
import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase, databasePath, openDatabase } from '@/db';
import { databaseUrl } from '@/db/engine';
import { dataDir } from '@/db/data-dir';
import { backupDatabase } from '@/lib/security/backup';

async function main() {
  const root = path.resolve(__dirname, '..');
  if (fs.existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
  const target = process.argv[2];
  if (!target) throw new Error('Name the backup file: npm run db:backup -- /path/to/portal-backup.db');
  if (databaseUrl()) throw new Error('DATABASE_URL names a PostgreSQL database: back it up with pg_dump (pg_dump --format=custom --file=portal.dump "$DATABASE_URL"). This command copies the embedded SQLite file.');
  const source = databasePath(dataDir());
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}. Set DATA_DIR to the portal's data directory.`);
  const db = openDatabase(source);
  try {
    const result = await backupDatabase(db, target);
    console.log(`Backed up ${source} to ${result.file} (${result.pages} pages, ${result.bytes} bytes, integrity ok).`);
  } finally {
    await closeDatabase(db);
  }
}

main().catch((error: unknown) => {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
