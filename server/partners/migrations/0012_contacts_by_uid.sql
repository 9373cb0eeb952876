-- Migration 12: contacts found by vCard UID within their organisation
-- Applied once, in version order with every capability's migrations, never edited after release
-- (server/platform/README.md, "Migrations", says how these files are read).

-- A vCard import matches each card to a contact by UID first. Without an index each match read
-- every contact of the organisation: 3,000 cards took 1 s and 20,000 took 50 s on SQLite.
CREATE INDEX contacts_by_vcard_uid ON contacts (organisation_id, vcard_uid);
