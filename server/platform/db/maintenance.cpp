#include "server/platform/db/maintenance.h"

#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <cstdio>

#include "server/platform/db/session.h"

namespace kmhub::store {

// SOCI's SQLite header declares the C API inside this namespace.
using namespace sqlite_api;

namespace {

// Closes a SQLite handle on every path out.
struct SqliteHandle {
  sqlite3* db = nullptr;
  ~SqliteHandle() {
    if (db) sqlite3_close(db);
  }
};

// `pragma`: "PRAGMA integrity_check" or "PRAGMA quick_check".
Expected<std::string> IntegrityOf(sqlite3* db, const char* pragma = "PRAGMA integrity_check") {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, pragma, -1, &st, nullptr) != SQLITE_OK)
    return Internal("INTEGRITY_CHECK_FAILED", sqlite3_errmsg(db));
  std::string problems;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    const std::string line = text ? text : "";
    if (line != "ok") problems += line + "\n";
  }
  // A file too damaged to check at all (its schema unreadable, not a database) fails the check
  // itself: that is a finding, not an error of the check.
  if (rc != SQLITE_DONE) problems += std::string(sqlite3_errmsg(db)) + "\n";
  sqlite3_finalize(st);
  return problems;
}

}  // namespace

Outcome BackupSqlite(Database& db, const std::string& path) {
  if (db.dialect() != Dialect::kSqlite)
    return FailedPrecondition("NOT_SQLITE", "backup copies SQLite databases; back PostgreSQL up with pg_dump");
  return WithSession(db, "backing up the database", [&](soci::session& s) -> Outcome {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(s.get_backend());
    const std::string partial = path + ".partial";
    std::remove(partial.c_str());
    SqliteHandle target;
    if (sqlite3_open(partial.c_str(), &target.db) != SQLITE_OK)
      return Unavailable("BACKUP_TARGET_UNWRITABLE", "cannot create " + partial + ": " + sqlite3_errmsg(target.db));
    sqlite3_backup* backup = sqlite3_backup_init(target.db, "main", backend->conn_, "main");
    if (!backup) return Unavailable("BACKUP_FAILED", std::string("cannot start the backup: ") + sqlite3_errmsg(target.db));
    // One step copies every page under a single read transaction: a consistent snapshot.
    // Writers carry on meanwhile (WAL); they are not in the copy.
    const int step = sqlite3_backup_step(backup, -1);
    const int finish = sqlite3_backup_finish(backup);
    if (step != SQLITE_DONE || finish != SQLITE_OK) {
      std::remove(partial.c_str());
      return Unavailable("BACKUP_FAILED", std::string("the backup did not complete: ") + sqlite3_errstr(step));
    }
    KMHUB_ASSIGN_OR_RETURN(const auto problems, IntegrityOf(target.db));
    if (!problems.empty()) return Internal("BACKUP_CORRUPT", "the copy failed its integrity check: " + problems);
    sqlite3_close(target.db);
    target.db = nullptr;
    if (std::rename(partial.c_str(), path.c_str()) != 0)
      return Unavailable("BACKUP_TARGET_UNWRITABLE", "cannot move the backup into place at " + path);
    return Ok{};
  });
}

Expected<std::string> CheckIntegrity(Database& db, CheckDepth depth) {
  return WithSession(db, "checking integrity", [&](soci::session& s) -> Expected<std::string> {
    if (db.dialect() != Dialect::kSqlite) {
      int one = 0;
      s << "SELECT 1", soci::into(one);
      return std::string(one == 1 ? "" : "PostgreSQL did not answer");
    }
    return IntegrityOf(static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_,
                       depth == CheckDepth::kQuick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
  });
}

}  // namespace kmhub::store
