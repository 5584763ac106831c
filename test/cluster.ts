// Several portal instances on one PostgreSQL, as a deployment behind a load balancer runs them:
// one shared sandbox tenant, N `npm start` processes (each its own DATA_DIR and port, the same
// DATABASE_URL, master key and session secret) and a small round-robin proxy in front. For the
// multi-instance e2e test and `npm run bench:provision -- --instances 2`. Needs TEST_DATABASE_URL
// (scripts/with-postgres.mjs) and a production build.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startSandbox } from '../sandbox/index';

const root = path.resolve(__dirname, '..');

export type Instance = {
  name: string;
  url: string;
  pid: number;
  proc: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive: () => boolean;
};

export type ClusterOptions = {
  /** Extra environment for every portal instance (write limits, lease times…). */
  env?: Record<string, string>;
  /** The sandbox's environment (latency, write limit), read when it starts. */
  sandboxEnv?: Record<string, string>;
  admin?: { email: string; password: string };
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitHealthy(url: string, instance: { alive: () => boolean; output: () => string }, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!instance.alive()) throw new Error(`the instance exited before it was healthy:\n${instance.output()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy:\n${instance.output()}`);
}

export async function startCluster(options: ClusterOptions = {}) {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('TEST_DATABASE_URL is not set: run through scripts/with-postgres.mjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-cluster-'));
  const name = `authkey_cluster_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const databaseUrl = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });

  const saved = { ...process.env };
  Object.assign(process.env, options.sandboxEnv ?? {});
  const sandboxDir = path.join(dir, 'sandbox-host');
  const sandbox = await startSandbox({ dataDir: sandboxDir, port: 0 });
  for (const k of Object.keys(options.sandboxEnv ?? {})) if (saved[k] === undefined) delete process.env[k];
  const connectionFile = path.join(sandboxDir, 'sandbox', 'connection.json');
  const ca = fs.readFileSync(sandbox.connection.caCertPath);

  const shared: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    AUTHKEY_MASTER_KEY: randomBytes(32).toString('base64'),
    AUTH_SECRET: randomBytes(32).toString('base64'),
    SANDBOX: 'off',
    SANDBOX_CONNECTION_FILE: connectionFile,
    ADMIN_EMAIL: options.admin?.email ?? '',
    ADMIN_PASSWORD: options.admin?.password ?? '',
    ...options.env,
  };

  const instances: Instance[] = [];
  async function startInstance(label: string): Promise<Instance> {
    const port = await freePort();
    const dataDir = path.join(dir, label);
    const proc = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, ...shared, DATA_DIR: dataDir, PORT: String(port), TEST_DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    let running = true;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.on('exit', (code, signal) => {
        running = false;
        resolve({ code, signal });
      }),
    );
    const instance: Instance = { name: label, url: `http://localhost:${port}`, pid: proc.pid!, proc, output: () => out, exited, alive: () => running };
    await waitHealthy(instance.url, instance);
    instances.push(instance);
    return instance;
  }

  // Round robin over the instances still alive; a refused connection moves on to the next one.
  let turn = 0;
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number) => {
        const live = instances.filter((i) => i.alive());
        if (!live.length || tries >= live.length) return void res.writeHead(502).end('no instance answered');
        const target = new URL(live[turn++ % live.length].url);
        const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => (res.headersSent ? res.destroy() : attempt(tries + 1)));
        upstream.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://localhost:${(proxy.address() as AddressInfo).port}`;

  function sandboxAdmin(method: string, route: string, body?: unknown): Promise<unknown> {
    const target = new URL(`${sandbox.url}/_sandbox/${route}`);
    return new Promise((resolve, reject) => {
      const req = https.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method, ca, headers: { authorization: `Bearer ${sandbox.connection.adminToken}`, 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(text ? JSON.parse(text) : null) : reject(new Error(`sandbox ${method} ${route}: ${res.statusCode} ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  const query = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];

  return {
    dir,
    databaseUrl,
    /** What every instance shares (master key, session secret…), for a process acting beside them. */
    env: shared,
    sandbox,
    sandboxDir,
    ca,
    proxyUrl,
    instances,
    startInstance,
    query,
    /** The instance whose process holds a lease or claim: owners are "host:pid:random". */
    instanceOf: (owner: string | null | undefined) => instances.find((i) => owner?.split(':')[1] === String(i.pid)) ?? null,
    /** The sandbox's admin API, over HTTPS with its own CA. */
    sandboxAdmin,
    /** The sandbox's request log since `since` (ms). */
    requests: async (since = 0) => ((await sandboxAdmin('GET', `requests?since=${since}`)) as { requests: { time: number; method: string; path: string; status: number }[] }).requests,
    async close() {
      for (const i of instances) if (i.alive()) i.proc.kill('SIGKILL');
      await Promise.all(instances.map((i) => i.exited));
      await new Promise((r) => proxy.close(r));
      await db.end();
      await sandbox.close();
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>;
