-- Migration 5: activity stored in key order; per-project monthly roll-ups for the ROI ranking
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- Every read of activity starts from the organisation; the by-procedure index only
-- slowed imports down (a random insert per row).
CREATE TABLE activity_v5 (
                organisation_id BIGINT NOT NULL REFERENCES organisations (id),
                procedure_code {{key}} NOT NULL REFERENCES procedures (code),
                month {{key}} NOT NULL,
                procedures BIGINT NOT NULL,
                cost_pence BIGINT NOT NULL,
                PRIMARY KEY (organisation_id, procedure_code, month)){{clustered}};

INSERT INTO activity_v5 SELECT organisation_id, procedure_code, month, procedures, cost_pence FROM activity;

DROP TABLE activity;

ALTER TABLE activity_v5 RENAME TO activity;

-- Bumped by every activity import (its row lock also serialises imports), and stamped on
-- each organisation the import touched: a roll-up older than any of its organisations'
-- stamps is stale.
CREATE TABLE activity_generation (
                id INTEGER PRIMARY KEY,
                generation BIGINT NOT NULL);

INSERT INTO activity_generation (id, generation) VALUES (1, 0);

CREATE TABLE activity_changes (
                organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id),
                generation BIGINT NOT NULL);

-- A cache, rebuilt from activity whenever its scope or generation is out of date.
CREATE TABLE roi_rollups (
                project_id BIGINT PRIMARY KEY,
                scope_key TEXT NOT NULL,
                generation BIGINT NOT NULL);

CREATE TABLE roi_monthly (
                project_id BIGINT NOT NULL,
                month {{key}} NOT NULL,
                procedures BIGINT NOT NULL,
                cost_pence BIGINT NOT NULL,
                PRIMARY KEY (project_id, month)){{clustered}};
