-- Migration 2: projects: the PBC database
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

CREATE TABLE projects (
                id {{pk}},
                code {{key}} NOT NULL UNIQUE,
                title TEXT NOT NULL,
                summary TEXT NOT NULL DEFAULT '',
                consortium_id BIGINT REFERENCES organisations (id),
                lead_contact_id BIGINT REFERENCES contacts (id),
                state INTEGER NOT NULL,
                planned_start {{key}} NOT NULL DEFAULT '',
                planned_end {{key}} NOT NULL DEFAULT '',
                actual_start {{key}} NOT NULL DEFAULT '',
                actual_end {{key}} NOT NULL DEFAULT '',
                investment_pence BIGINT NOT NULL DEFAULT 0,
                procedure_codes TEXT NOT NULL DEFAULT '',
                schedule_revision BIGINT NOT NULL DEFAULT 0,
                create_micros BIGINT NOT NULL,
                update_micros BIGINT NOT NULL,
                revision BIGINT NOT NULL DEFAULT 1);

CREATE INDEX projects_by_consortium ON projects (consortium_id, code);

CREATE TABLE project_partners (
                project_id BIGINT NOT NULL REFERENCES projects (id),
                organisation_id BIGINT NOT NULL REFERENCES organisations (id),
                role INTEGER NOT NULL,
                PRIMARY KEY (project_id, organisation_id));

CREATE INDEX project_partners_by_organisation ON project_partners (organisation_id, project_id);

CREATE TABLE milestones (
                id {{pk}},
                project_id BIGINT NOT NULL REFERENCES projects (id),
                title TEXT NOT NULL,
                owner_organisation_id BIGINT REFERENCES organisations (id),
                start_date {{key}} NOT NULL DEFAULT '',
                baseline_due {{key}} NOT NULL,
                due {{key}} NOT NULL,
                completed {{key}} NOT NULL DEFAULT '',
                percent_complete INTEGER NOT NULL DEFAULT 0,
                external_id {{key}} NOT NULL DEFAULT '',
                predecessors TEXT NOT NULL DEFAULT '',
                revision BIGINT NOT NULL DEFAULT 1);

CREATE INDEX milestones_by_project ON milestones (project_id, due, id);

CREATE INDEX milestones_open_by_due ON milestones (project_id, completed, due);

CREATE TABLE status_updates (
                id {{pk}},
                project_id BIGINT NOT NULL REFERENCES projects (id),
                update_date {{key}} NOT NULL,
                narrative TEXT NOT NULL,
                rag INTEGER NOT NULL,
                author_contact_id BIGINT REFERENCES contacts (id),
                create_micros BIGINT NOT NULL);

CREATE INDEX status_updates_by_project ON status_updates (project_id, update_date, id);
