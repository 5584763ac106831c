import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { databasePath, engineOfDb, migrateDatabase, MIGRATIONS_DIR, openDatabase, setDb, type Db } from '@/db';
import { settings } from '@/db/schema';
import { databaseUrl, redactedUrl } from '@/db/engine';
import { accountCount, createFirstAdmin } from '@/lib/dal/accounts';
import { openValue, sealValue, unlock } from '@/lib/crypto/keyring';
import { settingBinding } from '@/lib/crypto/sealed-columns';
import { MasterKeyError } from '@/lib/crypto/master-key';
import { retentionDays, trimAudit } from '@/lib/dal/audit-retention';
import { backupBeforeMigrations } from '@/lib/security/backup';
import { secureDataDir } from '@/lib/security/data-permissions';
import { emailSchema, passwordSchema } from '@/lib/validation/accounts';

const AUTH_SECRET_SETTING = 'auth.sessionSecret';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** AUTH_SECRET signs session cookies; without one set, keep a random one in the data directory. */
export function ensureAuthSecret(dir: string, env: Record<string, string | undefined> = process.env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = path.join(dir, 'auth-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * On a shared PostgreSQL without AUTH_SECRET: one random secret kept in the database, sealed with
 * the master key, so that every instance signs and reads the same session cookies. The first
 * instance to start writes it; the others read that one.
 */
async function sharedAuthSecret(db: Db): Promise<string> {
  const binding = settingBinding(AUTH_SECRET_SETTING);
  const sealed = await sealValue(randomBytes(32).toString('base64'), binding);
  await db.insert(settings).values({ key: AUTH_SECRET_SETTING, value: sealed }).onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, AUTH_SECRET_SETTING)).limit(1);
  return openValue(String(row.value), binding);
}

/**
 * Everything that must hold before the portal serves a request: the data directory, the
 * migrated database, the right master key, and (optionally) the first administrator.
 */
export async function bootstrap(dir: string, log: (line: string) => void = console.log) {
  // Everything this process creates from here on (database, WAL, logs, backups) is 0600.
  process.umask(0o077);
  for (const fix of secureDataDir(dir)) log(`tightened ${fix.path} from ${fix.from} to ${fix.to}: the data directory is for this account only`);
  const url = databaseUrl();
  const db = openDatabase(url ?? databasePath(dir));
  setDb(db);
  log(`database: ${url ? `PostgreSQL at ${redactedUrl(url)}` : `SQLite at ${databasePath(dir)}`}`);
  // A migration that goes wrong must not cost the data: copy the SQLite file first when one is
  // due. PostgreSQL is backed up with its own tools (pg_dump), and its migrations are transactional.
  if (engineOfDb(db) === 'sqlite') {
    const backup = await backupBeforeMigrations(db, dir, MIGRATIONS_DIR);
    if (backup) log(`backed up the database to ${backup.file} before migrating`);
  }
  await migrateDatabase(db);
  const { source } = await unlock(db, dir).catch((error: unknown) => {
    // On a shared PostgreSQL the usual cause is an instance started with a key of its own.
    if (url && error instanceof MasterKeyError) throw new MasterKeyError(`${error.message} Every instance on one DATABASE_URL needs the same master key: give them all the same AUTHKEY_MASTER_KEY.`);
    throw error;
  });
  log(`master key: ${source === 'env' ? 'AUTHKEY_MASTER_KEY' : source === 'created' ? 'created in ' + dir : 'key file in ' + dir}`);

  const email = process.env.ADMIN_EMAIL;
  const password = process.env.ADMIN_PASSWORD;
  if (email && password && (await accountCount(db)) === 0) {
    const parsedEmail = emailSchema.safeParse(email);
    const parsedPassword = passwordSchema.safeParse(password);
    if (!parsedEmail.success) throw new StartupError('ADMIN_EMAIL is not a valid e-mail address.');
    if (!parsedPassword.success) throw new StartupError(`ADMIN_PASSWORD: ${parsedPassword.error.issues[0]?.message}`);
    await createFirstAdmin({ name: 'Administrator', email: parsedEmail.data, password: parsedPassword.data }, 'environment', db);
    log(`created the first administrator ${parsedEmail.data} from ADMIN_EMAIL`);
  }
  // Retention is applied at every start as well as when an administrator changes it.
  const trimmed = await trimAudit(db, await retentionDays(db), null);
  if (trimmed.deleted) log(`audit retention: removed ${trimmed.deleted} rows older than ${trimmed.cutoff}`);
  const authSecret = url && !process.env.AUTH_SECRET ? await sharedAuthSecret(db) : ensureAuthSecret(dir);
  return { db, authSecret };
}
