import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accounts, auditEvents, type Role } from '@/db/schema';
import { useTempDb } from '@/lib/testing/temp-db';
import { writeAudit } from './audit-write';

const session = vi.hoisted(() => ({ current: null as null | { id: string; sessionVersion: number; sessionId: string } }));
vi.mock('@/lib/auth/auth', () => ({
  SESSION_MAX_AGE_SECONDS: 43_200,
  auth: async () => (session.current ? { user: { ...session.current, signedInAt: Date.now() } } : null),
}));
const { trimAudit } = await import('./audit-retention');
const { setRetention } = await import('./audit-settings');
const { exportAuditCsv, listAuditEvents } = await import('./audit');

let temp: ReturnType<typeof useTempDb>;
beforeEach(() => {
  temp = useTempDb();
});
afterEach(() => temp.close());

function signedIn(role: Role) {
  const id = randomUUID();
  temp.db.insert(accounts).values({ id, email: `${role}@example.test`, name: role, role, passwordHash: 'x' }).run();
  session.current = { id, sessionVersion: 1, sessionId: 'test-session' };
}
function oldRow(daysAgo: number, action: 'key.test' | 'auth.sign_in' = 'key.test') {
  const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  temp.db.$client.prepare("insert into audit_events (at, action, outcome, actor_email) values (?, ?, 'success', 'old@example.test')").run(at, action);
}

describe('audit retention', () => {
  it('trims only rows older than the retention, audits the trim, and closes the delete window', async () => {
    oldRow(400);
    oldRow(100);
    oldRow(10);
    signedIn('admin');
    const result = await setRetention({ days: 365 });
    expect(result.message).toMatch(/1 older row removed/);
    const rows = temp.db.select().from(auditEvents).all();
    expect(rows.map((r) => r.action)).toEqual(['key.test', 'key.test', 'settings.update', 'audit.trim']);
    expect(rows.at(-1)?.detail).toMatchObject({ days: 365, deleted: 1 });
    // The trigger guards every row again once the trim has committed.
    expect(() => temp.db.$client.prepare('delete from audit_events').run()).toThrow(/append-only/);
  });

  it('is refused to an auditor, and the refusal is audited', async () => {
    oldRow(400);
    signedIn('auditor');
    await expect(setRetention({ days: 30 })).rejects.toThrow(/role does not allow/);
    expect(temp.db.select().from(auditEvents).all().map((r) => r.action)).toEqual(['key.test', 'access.denied']);
  });

  it('trims as the system at start, and 0 days keeps everything', () => {
    oldRow(40);
    expect(trimAudit(temp.db, 0, null).deleted).toBe(0);
    expect(trimAudit(temp.db, 30, null).deleted).toBe(1);
    expect(temp.db.select().from(auditEvents).all().at(-1)).toMatchObject({ action: 'audit.trim', actorEmail: 'system' });
  });
});

describe('audit reading', () => {
  it('filters, pages and exports CSV that spreadsheets cannot run', async () => {
    signedIn('auditor');
    for (let i = 0; i < 60; i++) writeAudit(temp.db, { action: 'key.test', outcome: i % 2 ? 'success' : 'failure', actorEmail: '=cmd|calc@example.test', authKeyId: 'k1', detail: { n: i, note: 'a,"b"' } });
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
