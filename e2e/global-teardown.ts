import fs from 'node:fs';

export default function globalTeardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (dir && dir.includes('authkey-e2e-') && !process.env.E2E_KEEP_DATA) fs.rmSync(dir, { recursive: true, force: true });
}
