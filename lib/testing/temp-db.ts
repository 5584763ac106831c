import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databasePath, migrateDatabase, openDatabase, setDb, type Db } from '@/db';

/** A migrated database in a fresh temporary data directory, installed as the process-wide client. */
export function useTempDb(): { db: Db; dir: string; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-unit-'));
  const db = openDatabase(databasePath(dir));
  migrateDatabase(db);
  setDb(db);
  return {
    db,
    dir,
    close: () => {
      setDb(undefined);
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
