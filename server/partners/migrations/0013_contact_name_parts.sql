-- Migration 13: the whole vCard name, and the card's other properties
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- An export lost what an import had read: N's prefixes, middle names and suffixes came back
-- empty, and properties kmhub does not model (addresses, web sites, other-language names) were
-- dropped. Name parts are columns (people edit them); the other properties are kept as vCard
-- 4.0 content lines in one text list, written back on export as they came.
ALTER TABLE contacts ADD COLUMN name_prefix TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN additional_names TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN name_suffix TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN vcard_properties TEXT NOT NULL DEFAULT '';
