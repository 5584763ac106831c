import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accounts, auditEvents } from '@/db/schema';
import { type Role } from '@/contracts/enums';
import { refusal, useTempDb, type TempDb } from '@/test/temp-db';
import { writeAudit } from './audit-write';
import { sql } from 'drizzle-orm';
import { execute } from '@/db';

const session = vi.hoisted(() => ({ current: null as null | { id: string; sessionVersion: number; sessionId: string } }));
vi.mock('@/lib/auth/auth', () => ({
  SESSION_MAX_AGE_SECONDS: 43_200,
  auth: async () => (session.current ? { user: { ...session.current, signedInAt: Date.now() } } : null),
}));
const { trimAudit } = await import('./audit-retention');
const { setRetention } = await import('./audit-settings');
const { exportAuditCsv, listAuditEvents } = await import('./audit');

let temp: TempDb;
beforeEach(async () => {
  temp = await useTempDb();
});
afterEach(() => temp.close());

async function signedIn(role: Role) {
  const id = randomUUID();
  await temp.db.insert(accounts).values({ id, email: `${role}@example.test`, name: role, role, passwordHash: 'x' });
  session.current = { id, sessionVersion: 1, sessionId: 'test-session' };
}
async function oldRow(daysAgo: number, action: 'key.test' | 'auth.sign_in' = 'key.test') {
  const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  await temp.db.insert(auditEvents).values({ at, action, outcome: 'success', actorEmail: 'old@example.test' });
}

describe('audit retention', () => {
  it('trims only rows older than the retention, audits the trim, and closes the delete window', async () => {
    await oldRow(400);
    await oldRow(100);
    await oldRow(10);
    await signedIn('admin');
    const result = await setRetention({ days: 365 });
    expect(result.message).toMatch(/1 older row removed/);
    const rows = await temp.db.select().from(auditEvents);
    expect(rows.map((r) => r.action)).toEqual(['key.test', 'key.test', 'settings.update', 'audit.trim']);
    expect(rows.at(-1)?.detail).toMatchObject({ days: 365, deleted: 1 });
    // The trigger guards every row again once the trim has committed.
    expect(await refusal(execute(sql`delete from audit_events`, temp.db))).toMatch(/append-only/);
  });

  it('is refused to an auditor, and the refusal is audited', async () => {
    await oldRow(400);
    await signedIn('auditor');
    await expect(setRetention({ days: 30 })).rejects.toThrow(/role does not allow/);
    expect((await temp.db.select().from(auditEvents)).map((r) => r.action)).toEqual(['key.test', 'access.denied']);
  });

  it('trims as the system at start, and 0 days keeps everything', async () => {
    await oldRow(40);
    expect((await trimAudit(temp.db, 0, null)).deleted).toBe(0);
    expect((await trimAudit(temp.db, 30, null)).deleted).toBe(1);
    expect((await temp.db.select().from(auditEvents)).at(-1)).toMatchObject({ action: 'audit.trim', actorEmail: 'system' });
  });
});

describe('audit reading', () => {
  it('filters, pages and exports CSV that spreadsheets cannot run', async () => {
    await signedIn('auditor');
    for (let i = 0; i < 60; i++) await writeAudit(temp.db, { action: 'key.test', outcome: i % 2 ? 'success' : 'failure', actorEmail: '=cmd|calc@example.test', authKeyId: 'k1', detail: { n: i, note: 'a,"b"' } });
    const page2 = await listAuditEvents({ outcome: 'failure', authKeyId: 'k1', page: 2 });
    expect(page2).toMatchObject({ total: 30, page: 1, pages: 1 });
    const all = await listAuditEvents({ action: 'key.test', page: 2 });
    expect(all).toMatchObject({ total: 60, page: 2, pages: 2 });
    expect(all.rows).toHaveLength(10);
    const { csv, rows } = await exportAuditCsv({ outcome: 'success' });
    expect(rows).toBe(30);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,outcome,target_type,target_id,authkey_id,request_id,detail');
    expect(lines[1]).toContain("'=cmd|calc@example.test");
    expect(lines[1]).toContain('"{""n"":1,""note"":""a,\\""b\\""""}"');
  });
});
