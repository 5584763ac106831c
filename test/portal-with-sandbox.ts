import { randomBytes } from 'node:crypto';
import { setMasterKey } from '@/lib/crypto/keyring';
import { toMasterKey } from '@/lib/crypto/envelope';
import { startSandbox } from '@/sandbox/index';
import { useTempDb as makeTempDb } from './temp-db';

/**
 * For integration tests and benchmarks: a temporary portal (migrated database in its own
 * DATA_DIR, a fresh master key) beside an in-process sandbox tenant on a random port.
 */
export async function startPortalWithSandbox(masterKey: Buffer = randomBytes(32)) {
  const temp = await makeTempDb();
  process.env.DATA_DIR = temp.dir;
  setMasterKey(toMasterKey(masterKey));
  const sandbox = await startSandbox({ dataDir: temp.dir, port: 0 });
  return {
    temp,
    sandbox,
    masterKey,
    close: async () => {
      await sandbox.close();
      setMasterKey(undefined);
      await temp.close();
    },
  };
}
