-- Migration 10: a project's partners in role order from an index alone
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- A listing reads the partners of its 50 projects in one query: this index answers it
-- in the order wanted, without a visit to the table or a sort.
CREATE INDEX project_partners_by_role ON project_partners (project_id, role, organisation_id);
