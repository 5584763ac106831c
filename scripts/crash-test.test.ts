import { describe, expect, it } from 'vitest';
import { testServerUrl } from '@/test/temp-db';
import { runCrashTest } from './crash-test';

// SIGKILLs a writer of the SQLite file; PostgreSQL's own durability is not this project's to test,
// and the PostgreSQL run kills portal processes in e2e/multi-instance.spec.ts instead.
describe.skipIf(Boolean(testServerUrl()))('crash safety (SQLite file)', () => {
  it('survives 50 SIGKILLs of a writer: integrity ok, every reported commit present, every secret decrypts', async () => {
    const report = await runCrashTest({ kills: 50 });
    expect(report.kills).toBe(50);
    expect(report.integrity).toBe('ok');
    expect(report.committed).toBeGreaterThan(0);
    expect(report.missing).toEqual([]);
    expect(report.undecryptable).toEqual([]);
    expect(report.orphans).toBe(0);
    // Rows may exceed reported commits (killed after COMMIT, before the report), never the reverse.
    expect(report.rows).toBeGreaterThanOrEqual(report.committed);
  }, 120_000);
});
