// Which database the portal runs on: the embedded SQLite file by default, PostgreSQL when
// DATABASE_URL names one. Read from the environment, so every process of a deployment (and
// every npm run script) agrees.

export type Engine = 'sqlite' | 'pg';

export function databaseUrl(env: Record<string, string | undefined> = process.env): string | null {
  return env.DATABASE_URL?.trim() || null;
}

export function engineOf(url: string | null = databaseUrl()): Engine {
  if (!url) return 'sqlite';
  if (/^postgres(ql)?:\/\//i.test(url)) return 'pg';
  throw new Error('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database); leave it unset for the embedded SQLite database.');
}

/** The URL without its password, for logs and messages. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
