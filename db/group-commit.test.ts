import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { getDb, setDb } from '@/db';
import { settings } from '@/db/schema';
import { useTempDb, type TempDb } from '@/test/temp-db';
import { inGroupCommit } from './group-commit';

let temp: TempDb;
beforeEach(async () => {
  temp = await useTempDb();
  setDb(temp.db);
});
afterEach(async () => {
  setDb(undefined);
  await temp.close();
});

describe('group commit', () => {
  it('answers each caller with its own result once written, and keeps one failure to its own caller', async () => {
    const writes = Array.from({ length: 12 }, (_, i) => inGroupCommit(async () => {
      await getDb().insert(settings).values({ key: `k${i}`, value: i });
      return i;
    }));
    const refused = inGroupCommit(async () => {
      throw new Error('spent');
    });
    const broken = inGroupCommit(() => getDb().insert(settings).values({ key: 'k0', value: 'duplicate' }));
    expect(await Promise.all(writes)).toEqual([...Array(12).keys()]);
    await expect(refused).rejects.toThrow('spent');
    await expect(broken).rejects.toThrow();
    const [{ n }] = (await getDb().select({ n: sql<number>`count(*)` }).from(settings)) as { n: number }[];
    expect(Number(n)).toBe(12);
  });
});
