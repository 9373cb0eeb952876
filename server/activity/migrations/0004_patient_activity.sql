-- Migration 4: patient activity: the procedure catalogue, tariffs, and monthly activity
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

CREATE TABLE procedures (
                code {{key}} PRIMARY KEY,
                kind INTEGER NOT NULL,
                description TEXT NOT NULL);

CREATE TABLE procedure_tariffs (
                procedure_code {{key}} NOT NULL REFERENCES procedures (code),
                financial_year INTEGER NOT NULL,
                tariff_pence BIGINT NOT NULL,
                PRIMARY KEY (procedure_code, financial_year));

-- Aggregates only: no row can name a patient.
CREATE TABLE activity (
                organisation_id BIGINT NOT NULL REFERENCES organisations (id),
                procedure_code {{key}} NOT NULL REFERENCES procedures (code),
                month {{key}} NOT NULL,
                procedures BIGINT NOT NULL,
                cost_pence BIGINT NOT NULL,
                PRIMARY KEY (organisation_id, procedure_code, month));

CREATE INDEX activity_by_procedure ON activity (procedure_code, month, organisation_id);
