-- Migration 1: partner relations: organisations, contacts, relationships
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

CREATE TABLE organisations (
                id {{pk}},
                display_name TEXT NOT NULL,
                sort_key {{key}} NOT NULL,
                kind INTEGER NOT NULL,
                ods_code {{key}} UNIQUE,
                email_domains TEXT NOT NULL DEFAULT '',
                tags TEXT NOT NULL DEFAULT '',
                create_micros BIGINT NOT NULL,
                update_micros BIGINT NOT NULL,
                revision BIGINT NOT NULL DEFAULT 1);

CREATE INDEX organisations_by_sort_key ON organisations (sort_key, id);

CREATE INDEX organisations_by_kind ON organisations (kind, sort_key, id);

CREATE TABLE contacts (
                id {{pk}},
                organisation_id BIGINT NOT NULL REFERENCES organisations (id),
                display_name TEXT NOT NULL,
                sort_key {{key}} NOT NULL,
                given_name TEXT NOT NULL DEFAULT '',
                family_name TEXT NOT NULL DEFAULT '',
                family_sort_key {{key}} NOT NULL DEFAULT '',
                job_title TEXT NOT NULL DEFAULT '',
                clinical_role INTEGER NOT NULL DEFAULT 0,
                emails TEXT NOT NULL DEFAULT '',
                primary_email {{key}} NOT NULL DEFAULT '',
                phones TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                vcard_uid {{key}} NOT NULL DEFAULT '',
                create_micros BIGINT NOT NULL,
                update_micros BIGINT NOT NULL,
                revision BIGINT NOT NULL DEFAULT 1);

CREATE INDEX contacts_by_organisation ON contacts (organisation_id, sort_key, id);

CREATE INDEX contacts_by_sort_key ON contacts (sort_key, id);

CREATE INDEX contacts_by_primary_email ON contacts (organisation_id, primary_email);

CREATE TABLE relationships (
                id {{pk}},
                organisation_id BIGINT NOT NULL REFERENCES organisations (id),
                related_organisation_id BIGINT NOT NULL REFERENCES organisations (id),
                type INTEGER NOT NULL,
                start_date {{key}} NOT NULL,
                end_date {{key}} NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                create_micros BIGINT NOT NULL,
                update_micros BIGINT NOT NULL,
                revision BIGINT NOT NULL DEFAULT 1);

CREATE INDEX relationships_by_organisation ON relationships (organisation_id, id);

CREATE INDEX relationships_by_related ON relationships (related_organisation_id, id);

-- Idempotent retries: the first result of each (method, request_id).
CREATE TABLE request_log (
                method {{key}} NOT NULL,
                request_id {{key}} NOT NULL,
                resource_name TEXT NOT NULL,
                create_micros BIGINT NOT NULL,
                PRIMARY KEY (method, request_id));

CREATE TABLE settings (
                key {{key}} PRIMARY KEY,
                value TEXT NOT NULL);
