import 'server-only';
import path from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import { dataDir } from '@/db/data-dir';

// Field names whose values are secrets wherever they appear, at any depth up to three levels
// (pino's redaction needs explicit paths, so each name is listed at each depth we log).
export const REDACTED_FIELDS = [
  'clientSecret',
  'secret',
  'secretValue',
  'password',
  'newPassword',
  'currentPassword',
  'confirm',
  'value',
  'access_token',
  'accessToken',
  'refresh_token',
  'id_token',
  'client_secret',
  'client_assertion',
  'assertion',
  'privateKey',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'passwordHash',
  'masterKey',
  'AUTHKEY_MASTER_KEY',
  'AUTH_SECRET',
] as const;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const field of REDACTED_FIELDS) {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
    const join = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
    paths.push(key, join('*'), join('*.*'), join('*.*.*'));
  }
  return paths;
}

/** Builds a logger; tests pass their own destination to read what would have been written. */
export function createLogger(destination?: DestinationStream, level = process.env.LOG_LEVEL || 'info'): Logger {
  return pino(
    {
      level,
      base: { app: 'authkey-portal' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: '[redacted]' },
      // Errors are reduced to name, message and stack: an error's own fields can carry request bodies.
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

/**
 * Where the portal's log goes: standard output, and DATA_DIR/logs/portal.log (LOG_FILE changes
 * the path, LOG_FILE=off turns the file off), so an operator has a file to ship and to search.
 */
function defaultDestination(): DestinationStream {
  // DATA_DIR is always set by `npm start`; scripts and unit tests without it log to stdout only.
  const file = process.env.LOG_FILE === 'off' ? null : process.env.LOG_FILE || (process.env.DATA_DIR ? path.join(dataDir(), 'logs', 'portal.log') : null);
  const stdout = pino.destination({ dest: 1, sync: false });
  if (!file) return stdout;
  return pino.multistream([{ stream: stdout }, { stream: pino.destination({ dest: file, mkdir: true, sync: false }) }]);
}

// One logger per process; dev-mode reloads reuse it.
const globalForLog = globalThis as unknown as { __authkeyLogger?: Logger };

export function logger(): Logger {
  globalForLog.__authkeyLogger ??= createLogger(defaultDestination());
  return globalForLog.__authkeyLogger;
}
