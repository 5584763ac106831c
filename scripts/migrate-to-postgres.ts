// `npm run db:migrate-to-postgres -- <DATABASE_URL>`: copies the portal's SQLite database (in
// DATA_DIR) into a new, empty PostgreSQL database, checks every table's count, and leaves the
// SQLite file as it was. Stop the portal first, so that nothing is written during the copy.
import fs from 'node:fs';
import path from 'node:path';
import { databasePath } from '@/db';
import { copySqliteToPostgres } from '@/db/copy-to-postgres';
import { dataDir } from '@/db/data-dir';
import { redactedUrl } from '@/db/engine';

async function main() {
  const root = path.resolve(__dirname, '..');
  if (fs.existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
  const url = process.argv[2];
  if (!url || !/^postgres(ql)?:\/\//i.test(url)) throw new Error('Name the target: npm run db:migrate-to-postgres -- postgres://user:password@host:5432/authkey');
  const dir = dataDir();
  const file = databasePath(dir);
  console.log(`Copying ${file} to ${redactedUrl(url)}`);
  const report = await copySqliteToPostgres(file, url, (line) => console.log(`  ${line}`));
  console.log('\nCounts checked, table by table:');
  for (const r of report) console.log(`  ${r.table.padEnd(18)} ${String(r.source).padStart(7)} → ${String(r.target).padStart(7)}`);
  const keyFile = path.join(dir, 'master.key');
  console.log(`\nDone. ${file} was not changed. Start the portal with DATABASE_URL=${redactedUrl(url)} and the same master key:`);
  console.log(fs.existsSync(keyFile) ? `  AUTHKEY_MASTER_KEY=<the contents of ${keyFile}> (on every instance)` : '  the AUTHKEY_MASTER_KEY this portal runs with (on every instance)');
  console.log('  and the same AUTH_SECRET on every instance (or none: the portal then keeps one in the database).');
}

main().catch((error: unknown) => {
  console.error(`Not moved: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
