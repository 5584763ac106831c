// The end-to-end tests' web server: `npm start`, with everything it prints to stdout and stderr
// passed through and also kept in E2E_DATA_DIR/server-output.log, so that a spec can check that
// no secret reached the console (hardening-canary.spec.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.E2E_DATA_DIR;
fs.mkdirSync(dir, { recursive: true });
const record = fs.createWriteStream(path.join(dir, 'server-output.log'), { flags: 'a', mode: 0o600 });
const child = spawn('npm', ['start'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
child.stdout.on('data', (c) => (process.stdout.write(c), record.write(c)));
child.stderr.on('data', (c) => (process.stderr.write(c), record.write(c)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => record.end(() => process.exit(code ?? 0)));
