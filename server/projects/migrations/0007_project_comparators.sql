-- Migration 7: comparator organisations of a project (for its ROI net of theirs)
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- Organisation ids, as a text list like procedure_codes.
ALTER TABLE projects ADD COLUMN comparator_ids TEXT NOT NULL DEFAULT '';
