-- Audit rows are append-only. Updates are always refused. Deletes are refused unless the
-- row is older than the retention cutoff that a retention trim publishes in `settings`
-- (key 'audit.trimBefore') inside the same transaction as its own audit row.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN old.at >= COALESCE((SELECT json_extract(value, '$') FROM settings WHERE key = 'audit.trimBefore'), '0000')
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
