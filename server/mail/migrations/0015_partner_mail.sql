-- Migration 15: partner e-mail: public folders, imported messages, their threads and imports
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- roles: kmhub.v1.Role numbers that may read the folder, as a text list ("|1|2|"); admins always may.
CREATE TABLE mail_folders (
                id {{pk}},
                name {{key}} NOT NULL UNIQUE,
                description TEXT NOT NULL DEFAULT '',
                roles TEXT NOT NULL,
                create_micros BIGINT NOT NULL);

-- One row per import: who, when, which files (names and SHA-256s, text lists) and what came of
-- it. undone_micros is set when the import is undone (its messages are then deleted).
CREATE TABLE mail_imports (
                id {{pk}},
                folder_id BIGINT NOT NULL REFERENCES mail_folders (id),
                actor TEXT NOT NULL,
                request_id TEXT NOT NULL DEFAULT '',
                create_micros BIGINT NOT NULL,
                files TEXT NOT NULL,
                file_sha256s TEXT NOT NULL,
                new_count INTEGER NOT NULL,
                present_count INTEGER NOT NULL,
                copy_count INTEGER NOT NULL,
                skipped_count INTEGER NOT NULL,
                identifiable_count INTEGER NOT NULL,
                undone_micros BIGINT NOT NULL DEFAULT 0);

-- message_count, first and last kept by each import's transaction, so listings need no aggregate.
CREATE TABLE mail_threads (
                id {{pk}},
                folder_id BIGINT NOT NULL REFERENCES mail_folders (id),
                subject TEXT NOT NULL DEFAULT '',
                message_count INTEGER NOT NULL DEFAULT 0,
                first_micros BIGINT NOT NULL DEFAULT 0,
                last_micros BIGINT NOT NULL DEFAULT 0);

CREATE INDEX mail_threads_by_activity ON mail_threads (folder_id, last_micros, id);

-- Every Message-ID of a folder seen so far, imported or only named by a reply (a placeholder
-- parent), and its thread: a reply imported before its parent joins the parent's thread when the
-- parent arrives (threading in the manner of JWZ's algorithm, mail/README.md).
CREATE TABLE mail_ids (
                folder_id BIGINT NOT NULL REFERENCES mail_folders (id),
                message_id {{key}} NOT NULL,
                thread_id BIGINT NOT NULL REFERENCES mail_threads (id),
                PRIMARY KEY (folder_id, message_id));

CREATE INDEX mail_ids_by_thread ON mail_ids (thread_id);

-- message_id '' when the message had none (then content_sha256 is its key). copy_of: the first
-- message with the same Message-ID when this one's content differs (two deliveries, a re-sent
-- draft). raw: the message as imported, base64 (8-bit mail is not always valid text).
-- identifiable: held an NHS number and was let in with --allow-identifiable (admins only).
CREATE TABLE mail_messages (
                id {{pk}},
                folder_id BIGINT NOT NULL REFERENCES mail_folders (id),
                thread_id BIGINT NOT NULL REFERENCES mail_threads (id),
                import_id BIGINT NOT NULL REFERENCES mail_imports (id),
                message_id {{key}} NOT NULL,
                parent_message_id TEXT NOT NULL DEFAULT '',
                content_sha256 {{key}} NOT NULL,
                raw_sha256 TEXT NOT NULL,
                copy_of BIGINT,
                from_name TEXT NOT NULL DEFAULT '',
                from_address {{key}} NOT NULL DEFAULT '',
                sent_micros BIGINT NOT NULL,
                utc_offset_minutes INTEGER NOT NULL DEFAULT 0,
                subject TEXT NOT NULL DEFAULT '',
                body TEXT NOT NULL DEFAULT '',
                body_from_html INTEGER NOT NULL DEFAULT 0,
                size_bytes BIGINT NOT NULL,
                attachment_count INTEGER NOT NULL DEFAULT 0,
                identifiable INTEGER NOT NULL DEFAULT 0,
                raw TEXT NOT NULL);

CREATE UNIQUE INDEX mail_messages_by_key ON mail_messages (folder_id, message_id, content_sha256);

CREATE INDEX mail_messages_by_thread ON mail_messages (thread_id, sent_micros, id);

CREATE INDEX mail_messages_by_import ON mail_messages (import_id);

-- role: 1 From, 2 To, 3 Cc. domain: the address's domain, for organisations' e-mail domains.
CREATE TABLE mail_addresses (
                message_id BIGINT NOT NULL REFERENCES mail_messages (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                role INTEGER NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                address {{key}} NOT NULL,
                domain {{key}} NOT NULL,
                PRIMARY KEY (message_id, position));

CREATE INDEX mail_addresses_by_address ON mail_addresses (address, message_id);

CREATE INDEX mail_addresses_by_domain ON mail_addresses (domain, message_id);

-- content: base64 of the decoded bytes, only with --keep-attachments and within the size limit.
CREATE TABLE mail_attachments (
                message_id BIGINT NOT NULL REFERENCES mail_messages (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                file_name TEXT NOT NULL DEFAULT '',
                media_type TEXT NOT NULL DEFAULT '',
                size_bytes BIGINT NOT NULL,
                content TEXT,
                PRIMARY KEY (message_id, position));
