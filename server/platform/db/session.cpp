#include "server/platform/db/session.h"

#include "server/platform/db/bound_query.h"

#include <utility>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

namespace kmhub::store {

Error MapDatabaseError(Dialect dialect, const std::exception& e, std::string_view what) {
  const std::string context = std::string(what) + ": " + e.what();
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const std::string state = pg->sqlstate();
    if (state == "23505") return AlreadyExists("DUPLICATE_KEY", "a record with the same unique key exists (" + context + ")");
    if (state == "23503") return FailedPrecondition("REFERENCED_RECORD", "the record is referenced or refers to a missing record (" + context + ")");
    if (state == "57014") return DeadlineExceeded("STATEMENT_TIMEOUT", context);
    if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0 || state == "53300")
      return Unavailable("DATABASE_UNAVAILABLE", context);
    if (state.rfind("40", 0) == 0) return Aborted("TRANSACTION_CONFLICT", "the change conflicted with another; retry (" + context + ")");
  }
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    const int code = lite->result() & 0xFF;  // primary result code
    const std::string msg = e.what();
    if (msg.find("UNIQUE constraint failed") != std::string::npos)
      return AlreadyExists("DUPLICATE_KEY", "a record with the same unique key exists (" + context + ")");
    if (msg.find("FOREIGN KEY constraint failed") != std::string::npos)
      return FailedPrecondition("REFERENCED_RECORD", "the record is referenced or refers to a missing record (" + context + ")");
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
      return Unavailable("DATABASE_BUSY", "the database stayed locked by another writer; retry (" + context + ")");
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
      return Internal(kDatabaseCorrupt, "the database file is damaged (" + context +
                                            "); restore it from a backup (README, Backup and recovery)");
    if (code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL)
      return Unavailable("DATABASE_UNAVAILABLE", context);
  }
  if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e)) {
    if (soci_error->get_error_category() == soci::soci_error::connection_error)
      return Unavailable("DATABASE_UNAVAILABLE", context);
    if (soci_error->get_error_category() == soci::soci_error::constraint_violation)
      return FailedPrecondition("CONSTRAINT_VIOLATION", context);
  }
  (void)dialect;
  return Internal("DATABASE_ERROR", context);
}

void ConfigurePostgres(soci::session& s, int statement_timeout_ms) {
  s << "SET statement_timeout = " + std::to_string(std::max(0, statement_timeout_ms));
}

void EnsureConnected(Database& db, soci::session& s) {
  try {
    if (s.is_connected()) return;
    s.reconnect();
    ConfigurePostgres(s, db.impl().statement_timeout_ms);
  } catch (const std::exception&) {
    // Still down: the call that follows fails with UNAVAILABLE and the next one tries again.
  }
}

bool PinnedSession::Open() {
  if (open_) return true;
  try {
    OpenConnection(db_->impl(), session_);
    if (!memory_map_ && db_->dialect() == Dialect::kSqlite) session_ << "PRAGMA mmap_size = 0";
    open_ = true;
  } catch (const std::exception&) {
    session_.close();
  }
  return open_;
}

Lease::Lease(Database& db) : db_(db) {
  ok_ = db.impl().pool.try_lease(pos_, db.impl().lease_timeout_ms);
  if (ok_) ++db.impl().in_use;
}
Lease::~Lease() {
  if (!ok_) return;
  --db_.impl().in_use;
  db_.impl().pool.give_back(pos_);
}

Transaction::Transaction(soci::session& s, Database& db) : s_(s) {
  if (db.dialect() != Dialect::kSqlite) {
    s_ << "BEGIN";
    return;
  }
  // Bounded like the busy timeout; past it BEGIN IMMEDIATE waits (and fails) as it always did.
  if (db.impl().sqlite_writer.LockFor(std::chrono::milliseconds(db.impl().lease_timeout_ms)))
    writer_ = &db.impl().sqlite_writer;
  try {
    s_ << "BEGIN IMMEDIATE";
  } catch (...) {
    if (writer_) writer_->Unlock();  // no destructor runs for a constructor that throws
    throw;
  }
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      s_ << "ROLLBACK";
    } catch (...) {
      // The connection is gone; the server rolled the transaction back with it.
    }
  }
  if (writer_) writer_->Unlock();
}

void Transaction::Commit() {
  s_ << "COMMIT";
  done_ = true;
  if (writer_) std::exchange(writer_, nullptr)->Unlock();
}

Expected<ConnectionSettings> InspectConnection(Database& db) {
  return WithSession(db, "inspecting the connection",
                     [&](soci::session& s) -> Expected<ConnectionSettings> { return InspectSession(s, db.dialect()); });
}

ConnectionSettings InspectSession(soci::session& s, Dialect dialect) {
  ConnectionSettings settings;
  if (dialect == Dialect::kSqlite) {
    int foreign_keys = 0;
    s << "PRAGMA journal_mode", soci::into(settings.journal_mode);
    s << "PRAGMA foreign_keys", soci::into(foreign_keys);
    s << "PRAGMA busy_timeout", soci::into(settings.busy_timeout_ms);
    s << "PRAGMA page_size", soci::into(settings.page_bytes);
    s << "PRAGMA synchronous", soci::into(settings.synchronous);
    s << "SELECT sqlite_version()", soci::into(settings.server_version);
    settings.foreign_keys = foreign_keys != 0;
  } else {
    settings.foreign_keys = true;  // always enforced by PostgreSQL
    s << "SHOW server_version", soci::into(settings.server_version);
    s << "SHOW statement_timeout", soci::into(settings.statement_timeout);
  }
  return settings;
}

namespace {
thread_local StatementCache* current_statement_cache = nullptr;
thread_local Dialect current_dialect = Dialect::kSqlite;
}  // namespace

Dialect CurrentDialect() { return current_dialect; }

void ReleaseStatement(soci::statement& st) {
  // SOCI's backend classes export no type information, so the dialect says which one it is.
  if (!current_statement_cache || current_dialect != Dialect::kSqlite || !st.get_backend()) return;
  auto* lite = static_cast<soci::sqlite3_statement_backend*>(st.get_backend());
  if (lite->stmt_) sqlite3_reset(lite->stmt_);
  lite->databaseReady_ = false;
}

ReadSnapshot::ReadSnapshot(soci::session& s, Dialect dialect) : s_(s), dialect_(dialect) {
  // SQLite's BEGIN is deferred: the read transaction starts with the first query.
  ExecuteControl(s_, dialect_,
                 dialect_ == Dialect::kSqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

void ReadSnapshot::End() {
  if (!open_) return;
  open_ = false;
  ExecuteControl(s_, dialect_, "COMMIT");
}

ReadSnapshot::~ReadSnapshot() {
  if (!open_) return;
  try {
    s_ << "ROLLBACK";
  } catch (const std::exception&) {
    // The connection is broken; WithSession reports the error that got here.
  }
}

StatementCache* CurrentStatementCache() { return current_statement_cache; }
void SetCurrentStatementCache(StatementCache* cache, Dialect dialect) {
  current_statement_cache = cache;
  current_dialect = dialect;
}

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace kmhub::store
