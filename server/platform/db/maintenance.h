#pragma once
// Operations on the database as a whole: online backup and integrity checks.

#include <string>

#include "server/platform/db/database.h"
#include "shared/error.h"

namespace kmhub::store {

// Copies a live SQLite database to `path` with SQLite's online backup API: one consistent
// snapshot, taken while the server keeps serving. Written beside `path` and renamed into place,
// so `path` never holds a partial copy; the copy is integrity-checked before the rename.
// FAILED_PRECONDITION on PostgreSQL (use pg_dump there).
Outcome BackupSqlite(Database& db, const std::string& path);

// kFull: SQLite's PRAGMA integrity_check, every page and every index against its table.
// kQuick: PRAGMA quick_check, every page and B-tree but not whether each index matches its
// table (a few times faster; what the server runs at start). On PostgreSQL, which checks its
// own pages, a trivial query. Returns the problems found, empty when the database is sound.
enum class CheckDepth { kQuick, kFull };
Expected<std::string> CheckIntegrity(Database& db, CheckDepth depth = CheckDepth::kFull);

}  // namespace kmhub::store
