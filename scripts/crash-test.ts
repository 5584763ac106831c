// `npm run test:crash -- --kills 1000`: a writer process is killed with SIGKILL at random moments,
// over and over; afterwards the database must pass integrity_check, hold every write the writer
// reported as committed, and every sealed secret must still decrypt. Vitest runs it with 50 kills.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { build } from 'esbuild';
import { closeDatabase, migrateDatabase, openDatabase, sqliteClient } from '@/db';
import { open, toMasterKey } from '@/lib/crypto/envelope';
import { bindingFor } from '@/lib/crypto/sealed-columns';
import { crashSecretFor } from './crash-test-child';

const root = path.resolve(__dirname, '..');

export type CrashReport = { kills: number; committed: number; rows: number; integrity: string; missing: string[]; undecryptable: string[]; orphans: number };

/** Bundles the writer once, so each of the many restarts costs a plain `node` start (~0.1 s). */
async function bundleChild(dir: string): Promise<string> {
  const outfile = path.join(dir, 'crash-test-child.cjs');
  await build({
    entryPoints: [path.join(root, 'scripts', 'crash-test-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'pg', 'pg-native'],
    alias: { 'server-only': path.join(root, 'test', 'server-only-stub.ts') },
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  return outfile;
}

/** Starts the writer, lets it run for a random moment after it is ready, and SIGKILLs it. */
function runAndKill(child: string, file: string, key: string, maxDelayMs: number, committed: Set<string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, file], {
      env: { ...process.env, CRASH_MASTER_KEY: key, NODE_PATH: path.join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready' && !timer) timer = setTimeout(() => proc.kill('SIGKILL'), Math.random() * maxDelayMs);
        else if (line.startsWith('committed ')) committed.add(line.slice('committed '.length));
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

export async function runCrashTest({ kills = 50, maxDelayMs = 40, log = (_: string) => {} } = {}): Promise<CrashReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-crash-'));
  try {
    const file = path.join(dir, 'portal.db');
    const setup = openDatabase(file);
    await migrateDatabase(setup);
    await closeDatabase(setup);
    const keyBytes = randomBytes(32);
    const child = await bundleChild(dir);
    const committed = new Set<string>();
    for (let i = 1; i <= kills; i++) {
      await runAndKill(child, file, keyBytes.toString('base64'), maxDelayMs, committed);
      if (i % 10 === 0 || i === kills) log(`${i}/${kills} kills, ${committed.size} commits reported`);
    }
    return verify(file, toMasterKey(keyBytes), committed, kills);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function verify(file: string, key: ReturnType<typeof toMasterKey>, committed: Set<string>, kills: number): CrashReport {
  const db = openDatabase(file);
  try {
    // The crash test is about the SQLite file itself: read it directly.
    const sqlite = sqliteClient(db);
    const integrity = String(sqlite.pragma('integrity_check', { simple: true }));
    const keys = new Set((sqlite.prepare('select id from auth_keys').all() as { id: string }[]).map((r) => r.id));
    const audited = new Set((sqlite.prepare("select target_id as id from audit_events where action = 'key.create'").all() as { id: string }[]).map((r) => r.id));
    const missing = [...committed].filter((id) => !keys.has(id) || !audited.has(id));
    const creds = sqlite.prepare('select id, auth_key_id as keyId, value from credentials').all() as { id: string; keyId: string; value: string }[];
    const undecryptable = creds
      .filter((c) => {
        try {
          return open(c.value, bindingFor('credentials', c.id), [key]) !== crashSecretFor(c.keyId);
        } catch {
          return true;
        }
      })
      .map((c) => c.id);
    // Half-written work must not survive either: each key has exactly its credential and audit row.
    const orphans = [...keys].filter((id) => !audited.has(id)).length + Math.abs(keys.size - creds.length);
    return { kills, committed: committed.size, rows: keys.size, integrity, missing, undecryptable, orphans };
  } finally {
    sqliteClient(db).close();
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--kills');
  const kills = at > 0 ? Number(process.argv[at + 1]) : 50;
  runCrashTest({ kills, log: (line) => console.log(line) })
    .then((report) => {
      console.log(JSON.stringify({ ...report, missing: report.missing.length, undecryptable: report.undecryptable.length }));
      const ok = report.integrity === 'ok' && !report.missing.length && !report.undecryptable.length && !report.orphans;
      console.log(ok ? 'crash test passed' : 'crash test FAILED');
      process.exit(ok ? 0 : 1);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
