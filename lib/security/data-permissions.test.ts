import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secureDataDir } from './data-permissions';

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('secureDataDir', () => {
  it('makes the data directory 0700 and every file in it 0600, saying what it tightened', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-perm-'));
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'portal.db'), 'x', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'portal.db-wal'), 'x', { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'logs'), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'logs', 'portal.log'), 'x', { mode: 0o640 });
    fs.writeFileSync(path.join(dir, 'master.key'), 'x', { mode: 0o600 });
    const fixes = secureDataDir(dir);
    expect(fixes.map((f) => [path.relative(dir, f.path) || '.', f.from, f.to]).sort()).toEqual(
      [
        ['.', '755', '700'],
        ['logs', '755', '700'],
        ['logs/portal.log', '640', '600'],
        ['portal.db', '644', '600'],
        ['portal.db-wal', '644', '600'],
      ].sort(),
    );
    expect([dir, path.join(dir, 'logs')].map(mode)).toEqual(['700', '700']);
    for (const f of ['portal.db', 'portal.db-wal', 'logs/portal.log', 'master.key']) expect(mode(path.join(dir, f)), f).toBe('600');
    // Already private: nothing to report the second time.
    expect(secureDataDir(dir)).toEqual([]);
  });

  it('creates a missing data directory as 0700', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-perm-'));
    secureDataDir(path.join(dir, 'data'));
    expect(mode(path.join(dir, 'data'))).toBe('700');
  });
});
