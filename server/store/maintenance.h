#pragma once
// Operations on the database as a whole: online backup and integrity checks.

#include <string>

#include "server/store/database.h"
#include "shared/error.h"

namespace kmhub::store {

// Copies a live SQLite database to `path` with SQLite's online backup API: one consistent
// snapshot, taken while the server keeps serving. Written beside `path` and renamed into place,
// so `path` never holds a partial copy; the copy is integrity-checked before the rename.
// FAILED_PRECONDITION on PostgreSQL (use pg_dump there).
Outcome BackupSqlite(Database& db, const std::string& path);

// SQLite's PRAGMA integrity_check, or a trivial query on PostgreSQL (which checks itself).
// Returns the problems found, empty when the database is sound.
Expected<std::string> CheckIntegrity(Database& db);

}  // namespace kmhub::store
