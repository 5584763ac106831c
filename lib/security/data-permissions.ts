import 'server-only';
import fs from 'node:fs';
import path from 'node:path';

// DATA_DIR holds password hashes, ciphertexts, the master key file and the audit trail: nobody
// but the portal's own user may read any of it.

export type PermissionFix = { path: string; from: string; to: string };

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

/**
 * Makes DATA_DIR 0700 (creating it) and every directory in it 0700 and every file 0600, and
 * reports what it had to tighten. Called at every start, after `process.umask(0o077)` makes
 * everything the process creates later private as well.
 */
export function secureDataDir(dir: string): PermissionFix[] {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fixes: PermissionFix[] = [];
  const walk = (entry: string) => {
    const stat = fs.lstatSync(entry);
    if (stat.isSymbolicLink()) return;
    const want = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== want) {
      fs.chmodSync(entry, want);
      fixes.push({ path: entry, from: octal(stat.mode), to: octal(want) });
    }
    if (stat.isDirectory()) for (const child of fs.readdirSync(entry)) walk(path.join(entry, child));
  };
  walk(dir);
  return fixes;
}
