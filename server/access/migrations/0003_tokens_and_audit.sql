-- Migration 3: security: bearer tokens (hashed) and the audit log
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- organisation_id is deliberately not a foreign key: deleting an organisation
-- leaves its scoped tokens reaching nothing, rather than blocking the delete.
CREATE TABLE api_tokens (
                id {{pk}},
                display_name TEXT NOT NULL,
                role INTEGER NOT NULL,
                organisation_id BIGINT,
                token_hash {{key}} NOT NULL UNIQUE,
                created_by TEXT NOT NULL,
                create_micros BIGINT NOT NULL,
                expire_micros BIGINT NOT NULL DEFAULT 0,
                revoke_micros BIGINT NOT NULL DEFAULT 0);

CREATE TABLE audit_events (
                id {{pk}},
                event_micros BIGINT NOT NULL,
                actor TEXT NOT NULL,
                method {{key}} NOT NULL,
                resource {{key}} NOT NULL,
                request_id TEXT NOT NULL DEFAULT '',
                summary TEXT NOT NULL);

CREATE INDEX audit_events_by_resource ON audit_events (resource, id);

CREATE INDEX audit_events_by_time ON audit_events (event_micros, id);
