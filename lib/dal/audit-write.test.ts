import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { AUDIT_ACTIONS } from '@/lib/audit-actions';
import { refusal, useTempDb, type TempDb } from '@/test/temp-db';
import { writeAudit } from './audit-write';
import { isNull, sql } from 'drizzle-orm';
import { execute, transaction } from '@/db';

let temp: TempDb;
beforeEach(async () => {
  temp = await useTempDb();
});
afterEach(() => temp.close());

describe('audit_events', () => {
  it('writes rows without secret-looking fields, with a UTC timestamp', async () => {
    await writeAudit(temp.db, { action: 'key.test', outcome: 'success', actorEmail: 'a@b.test', detail: { clientSecret: 'x', nested: { password: 'p', ok: 1 }, roles: ['User.Read.All'] } });
    const row = (await temp.db.select().from(auditEvents))[0]!;
    expect(row.detail).toEqual({ nested: { ok: 1 }, roles: ['User.Read.All'] });
    expect(row.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('stores no detail as SQL NULL and every field of each row as given, on a statement reused across rows', async () => {
    await writeAudit(temp.db, { action: 'auth.sign_in', outcome: 'success', actor: { id: 'acc-1', email: 'a@b.test' } });
    await writeAudit(temp.db, { action: 'key.test', outcome: 'failure', actorEmail: 'c@d.test', targetType: 'auth_key', targetId: 'k-1', authKeyId: 'k-1', requestId: 'r-1', detail: { status: 500 } });
    const rows = await temp.db.select().from(auditEvents).orderBy(auditEvents.id);
    expect(rows.map(({ id: _id, at: _at, ...rest }) => rest)).toEqual([
      { action: 'auth.sign_in', outcome: 'success', actorId: 'acc-1', actorEmail: 'a@b.test', targetType: null, targetId: null, authKeyId: null, detail: null, requestId: null },
      { action: 'key.test', outcome: 'failure', actorId: null, actorEmail: 'c@d.test', targetType: 'auth_key', targetId: 'k-1', authKeyId: 'k-1', detail: { status: 500 }, requestId: 'r-1' },
    ]);
    // NULL in the database, not the JSON text "null".
    expect(await temp.db.select({ action: auditEvents.action }).from(auditEvents).where(isNull(auditEvents.detail))).toEqual([{ action: 'auth.sign_in' }]);
  });

  it('writes in the transaction it is given: a rolled-back change leaves no audit row', async () => {
    await expect(
      transaction(async (tx) => {
        await writeAudit(tx, { action: 'key.test', outcome: 'success', actorEmail: 'a@b.test' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await temp.db.select().from(auditEvents)).toEqual([]);
  });

  it('keeps a row written outside another request’s open transaction when that one rolls back', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const other = transaction(async (tx) => {
      await writeAudit(tx, { action: 'key.test', outcome: 'failure', actorEmail: 'rolled@b.test' });
      opened();
      await held;
      throw new Error('roll back');
    });
    await open;
    const mine = writeAudit(temp.db, { action: 'auth.sign_in', outcome: 'success', actorEmail: 'kept@b.test' });
    release();
    await expect(other).rejects.toThrow('roll back');
    await mine;
    expect((await temp.db.select({ actorEmail: auditEvents.actorEmail }).from(auditEvents)).map((r) => r.actorEmail)).toEqual(['kept@b.test']);
  });

  it('names every action once, so the audit page filter lists each once', () => {
    expect(AUDIT_ACTIONS.filter((a, i) => AUDIT_ACTIONS.indexOf(a) !== i)).toEqual([]);
  });

  it('refuses every UPDATE and DELETE at the database level', async () => {
    await writeAudit(temp.db, { action: 'auth.sign_in', outcome: 'success', actorEmail: 'a@b.test' });
    expect(await refusal(execute(sql`update audit_events set outcome = 'failure'`, temp.db))).toMatch(/append-only/);
    expect(await refusal(execute(sql`delete from audit_events`, temp.db))).toMatch(/append-only/);
    expect(await temp.db.select().from(auditEvents)).toHaveLength(1);
  });

  it('is never updated or deleted by any code path', () => {
    // Walks the source: no module may update or delete audit rows through drizzle or SQL.
    const roots = ['app', 'lib', 'db', 'scripts', 'components'];
    const offenders: string[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          const text = fs.readFileSync(full, 'utf8');
          if (/\.(update|delete)\(\s*auditEvents\b/.test(text) || /(update|delete\s+from)\s+["`]?audit_events/i.test(text)) offenders.push(full);
        }
      }
    };
    roots.forEach(walk);
    // The retention trim is the single sanctioned delete, and the trigger limits it to old rows.
    expect(offenders.filter((f) => !f.endsWith(path.join('dal', 'audit-retention.ts')))).toEqual([]);
  });
});
