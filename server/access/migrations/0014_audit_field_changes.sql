-- Migration 14: each audited change's fields, before and after
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- An audit event said "updated project 'X' to revision 4" but not what changed. Each changed
-- field is a row of its own (values are free text, so they cannot share a text list), written
-- in the same transaction as the event and read back a page of events at a time.
CREATE TABLE audit_field_changes (
                event_id BIGINT NOT NULL REFERENCES audit_events (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                field TEXT NOT NULL,
                before_value TEXT NOT NULL,
                after_value TEXT NOT NULL,
                PRIMARY KEY (event_id, position));
