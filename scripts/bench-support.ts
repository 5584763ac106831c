// What the benchmarks that measure `npm start` share: the portal started exactly as a user starts
// it, on a throw-away data directory and free ports, and the sandbox app its keys sign in as.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(__dirname, '..');

export type StartedPortal = {
  dir: string;
  url: string;
  admin: { email: string; password: string };
  /** The npm process: everything `npm start` runs is under it. */
  pid: number;
  /** What `npm start` printed so far, for an error message. */
  output: () => string;
  stop: () => Promise<void>;
};

async function waitHealthy(url: string, exited: () => boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (exited()) throw new Error('npm start exited');
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the portal did not become healthy');
}

export async function startPortal(name: string, env: Record<string, string> = {}): Promise<StartedPortal> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `authkey-${name}-`));
  const port = 3300 + Math.floor(Math.random() * 400);
  const admin = { email: 'bench@example.test', password: `Bench-${randomUUID()}` };
  const npm = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dir, PORT: String(port), SANDBOX_PORT: String(port + 1000), ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, AUTHKEY_MASTER_KEY: '', LOG_FILE: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  npm.stdout.on('data', (c: Buffer) => (out += c.toString()));
  npm.stderr.on('data', (c: Buffer) => (out += c.toString()));
  let gone = false;
  npm.on('exit', () => (gone = true));
  const stop = async () => {
    try {
      process.kill(-npm.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1000));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://localhost:${port}`;
  try {
    await waitHealthy(url, () => gone);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n--- npm start printed ---\n${out}`);
  }
  return { dir, url, admin, pid: npm.pid!, output: () => out, stop };
}

export type PortalProcess = { pid: number; name: string; rssMb: number; cpuSeconds: number };

/**
 * Every process `npm start` runs (the npm process and its descendants, parents first), from /proc:
 * resident memory, and CPU seconds (user and system) spent so far.
 */
export function portalProcesses(pid: number): PortalProcess[] {
  const ticks = 100; // USER_HZ: /proc reports times in 1/100 s on Linux
  const children = new Map<number, number[]>();
  const found = new Map<number, PortalProcess>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      // Fields after the command name: state ppid pgrp … utime (12th) stime (13th).
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      found.set(Number(entry), {
        pid: Number(entry),
        name: /Name:\s+(\S+)/.exec(status)?.[1] ?? '?',
        rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
        cpuSeconds: (Number(stat[11]) + Number(stat[12])) / ticks,
      });
    } catch {
      // gone meanwhile
    }
  }
  const out: PortalProcess[] = [];
  const visit = (p: number) => {
    const proc = found.get(p);
    if (proc) out.push(proc);
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

type Connection = { adminToken: string; authorityHost: string; tenants: { id: string; displayName: string; apps: { displayName: string; clientId: string; secrets: { value: string; expiresAt: string }[] }[] }[] };

/** The sandbox's Contoso tenant and its Pliant Automation app, with the app's newest secret. */
export function sandboxPliantApp(dir: string) {
  const connection = JSON.parse(fs.readFileSync(path.join(dir, 'sandbox', 'connection.json'), 'utf8')) as Connection;
  const tenant = connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  const app = tenant.apps.find((a) => a.displayName === 'Pliant Automation')!;
  const secret = [...app.secrets].sort((a, b) => b.expiresAt.localeCompare(a.expiresAt))[0];
  return { tenant, app, secret };
}
