// `npm run bench:dashboard`: the dashboard's server render time with 10 and with 10,000 secrets.
// It starts the built portal (`next start`) on a throwaway data directory, signs a session
// cookie for a seeded administrator, and times GET / (the whole server render, over HTTP on
// localhost). A benchmark prints numbers; it asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { closeDatabase, transaction } from '@/db';
import { accounts, authKeys, credentials, keyTests } from '@/db/schema';
import { bootstrap } from '@/lib/bootstrap';
import { sealValue } from '@/lib/crypto/keyring';
import { accountCount } from '@/lib/dal/accounts';

const root = path.resolve(__dirname, '..');
const distDir = process.env.NEXT_DIST_DIR || '.next';
const port = Number(process.env.BENCH_PORT || 3297);
const RUNS = Number(process.env.BENCH_RUNS || 20);
const DAY = 86_400_000;

type Db = Awaited<ReturnType<typeof bootstrap>>['db'];

/** Keys with one secret each, spread over expired, every band, beyond a year and no date. */
async function seed(db: Db, from: number, to: number): Promise<void> {
  const now = Date.now();
  const tenants = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const keys: (typeof authKeys.$inferInsert)[] = [];
  const secrets: (typeof credentials.$inferInsert)[] = [];
  const tests: (typeof keyTests.$inferInsert)[] = [];
  for (let i = from; i < to; i++) {
      const id = randomUUID();
      const credentialId = randomUUID();
      const expiresAt = i % 50 === 0 ? null : new Date(now + ((i * 37) % 430 - 30) * DAY).toISOString();
      const tested = i % 7 !== 0;
      const ok = i % 11 !== 0;
      keys.push({ id, name: `Bench key ${String(i).padStart(5, '0')}`, cloud: i % 3 ? 'global' : 'usgov', tenantId: tenants[i % tenants.length], clientId: randomUUID(), ...(tested ? { lastTestedAt: new Date(now - DAY).toISOString(), lastTestOutcome: ok ? 'success' : 'failure', lastTestCode: ok ? null : 'AADSTS7000215', lastTestMessage: ok ? null : 'The client secret is wrong.' } : {}) });
      secrets.push({ id: credentialId, authKeyId: id, kind: 'secret', state: 'active', value: await sealValue(`bench-secret-${i}`, { table: 'credentials', row: credentialId, column: 'value' }), hint: 'ben', expiresAt, expirySource: expiresAt ? 'typed' : null });
      if (tested) tests.push({ authKeyId: id, trigger: 'scheduled', outcome: ok ? 'success' : 'failure' });
  }
  // In slices: one statement per table and slice keeps the seeding quick on either engine.
  await transaction(async (tx) => {
    for (let i = 0; i < keys.length; i += 500) {
      await tx.insert(authKeys).values(keys.slice(i, i + 500));
      await tx.insert(credentials).values(secrets.slice(i, i + 500));
    }
    for (let i = 0; i < tests.length; i += 500) await tx.insert(keyTests).values(tests.slice(i, i + 500));
  }, db);
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the portal did not start');
}

async function time(cookie: string): Promise<{ median: number; p90: number; bytes: number }> {
  const get = async () => {
    const started = performance.now();
    const response = await fetch(`http://localhost:${port}/`, { headers: { cookie }, redirect: 'manual' });
    const body = await response.text();
    if (response.status !== 200 || !body.includes('Secret expiry')) throw new Error(`GET / answered ${response.status}`);
    return { ms: performance.now() - started, bytes: body.length };
  };
  for (let i = 0; i < 5; i++) await get();
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await get();
    samples.push(r.ms);
    bytes = r.bytes;
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p90: samples[Math.floor(samples.length * 0.9)], bytes };
}

async function main() {
  if (!fs.existsSync(path.join(root, distDir, 'BUILD_ID'))) {
    console.log(`[bench] no build in ${distDir}: building first`);
    if (spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('next build failed');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-bench-'));
  process.env.DATA_DIR = dir;
  process.env.AUTHKEY_MASTER_KEY = '';
  process.env.ADMIN_EMAIL = 'bench@example.test';
  process.env.ADMIN_PASSWORD = `Bench-${randomUUID()}`;
  const { db, authSecret } = await bootstrap(dir, () => undefined);
  if ((await accountCount(db)) !== 1) throw new Error('no administrator was created');
  const [admin] = await db.select({ id: accounts.id, email: accounts.email, name: accounts.name, role: accounts.role, v: accounts.sessionVersion }).from(accounts);
  const token = await encode({ token: { sub: admin.id, email: admin.email, name: admin.name, role: admin.role, sessionVersion: admin.v, signedInAt: Date.now(), sid: randomUUID() }, secret: authSecret, salt: 'authjs.session-token' });
  const cookie = `authjs.session-token=${token}`;

  await seed(db, 0, 10);
  const server = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '-p', String(port)], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, NEXT_DIST_DIR: distDir, AUTH_SECRET: authSecret, AUTH_TRUST_HOST: 'true', NODE_ENV: 'production', SCHEDULER: 'off', SANDBOX: 'off' },
  });
  try {
    await waitForHealth();
    const small = await time(cookie);
    const seedStarted = performance.now();
    await seed(db, 10, 10_000);
    const seedMs = performance.now() - seedStarted;
    const large = await time(cookie);
    const row = (n: string, r: typeof small) => `${n.padEnd(18)} median ${r.median.toFixed(1).padStart(7)} ms   p90 ${r.p90.toFixed(1).padStart(7)} ms   ${(r.bytes / 1024).toFixed(0)} KB HTML`;
    console.log(`\nDashboard server render (GET /, ${RUNS} runs after 5 warm-up, ${os.cpus().length} CPUs, build ${distDir})`);
    console.log(row('10 secrets', small));
    console.log(row('10,000 secrets', large));
    console.log(`ratio (median)     ${(large.median / small.median).toFixed(2)}×   (seeding 9,990 secrets took ${(seedMs / 1000).toFixed(1)} s)`);
  } finally {
    server.kill('SIGTERM');
    await closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
