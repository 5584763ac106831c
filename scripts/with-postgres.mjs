#!/usr/bin/env node
// `node scripts/with-postgres.mjs <command…>`: runs a command beside a throw-away PostgreSQL
// server, for the tests that must pass on PostgreSQL too. It creates a fresh cluster in a temporary
// directory, listens on a free loopback port only, hands the command TEST_DATABASE_URL (a superuser
// URL: the tests create and drop their own databases on it), and removes everything afterwards.
// PostgreSQL's tools refuse to run as root, so as root the server runs as the `postgres` user.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args…]');
  process.exit(2);
}

function binDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    // Debian keeps the server binaries out of PATH, one directory per major version.
    const root = '/usr/lib/postgresql';
    const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(root, versions[0], 'bin');
  }
  console.error('PostgreSQL is not installed (no initdb found). On Debian: apt-get install -y postgresql; or set PG_BIN to its bin directory.');
  process.exit(2);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const bin = binDir();
const asRoot = process.getuid?.() === 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-pg-'));
const data = path.join(dir, 'data');
if (asRoot) {
  fs.chmodSync(dir, 0o755);
  execFileSync('chown', ['postgres:postgres', dir]);
}
// As root, PostgreSQL's tools run as `postgres`; otherwise as the current user.
const run = (tool, args, options = {}) => (asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], options) : spawnSync(path.join(bin, tool), args, options));

const port = await freePort();
const init = run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { encoding: 'utf8' });
if (init.status !== 0) {
  console.error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
  process.exit(2);
}
// Loopback only, no Unix socket outside the throw-away directory, and no durability needed.
const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
const start = run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'], { encoding: 'utf8' });
if (start.status !== 0) {
  console.error(`PostgreSQL did not start:\n${start.stdout}\n${start.stderr}\n${fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : ''}`);
  process.exit(2);
}

let stopped = false;
function stop() {
  if (stopped) return;
  stopped = true;
  run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' });
  fs.rmSync(dir, { recursive: true, force: true });
}

const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
console.log(`[with-postgres] PostgreSQL ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (throw-away, removed afterwards)`);
const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url, DATABASE_URL: url } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
