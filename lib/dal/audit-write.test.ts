import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { AUDIT_ACTIONS } from '@/lib/audit-actions';
import { refusal, useTempDb, type TempDb } from '@/test/temp-db';
import { writeAudit } from './audit-write';
import { sql } from 'drizzle-orm';
import { execute } from '@/db';

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
