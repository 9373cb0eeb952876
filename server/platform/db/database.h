#pragma once
// The database behind kmhub: a pool of SOCI sessions on SQLite or PostgreSQL.
// No SOCI type appears here; store code reaches the pool through store/session.h.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "shared/error.h"

namespace kmhub::store {

enum class Dialect { kSqlite, kPostgres };

// The page size of a SQLite database file that kmhub creates (database.cpp says why).
inline constexpr int kSqlitePageBytes = 4096;

struct DatabaseOptions {
  // "sqlite:PATH" or "postgresql://user@host:port/db?…" (libpq URI).
  std::string url = "sqlite:kmhub.db";
  // One session per server worker thread.
  std::size_t pool_size = 8;
  // How long a call waits for a free session before it gets UNAVAILABLE.
  int lease_timeout_ms = 5000;
  // SQLite: how long a writer waits for the write lock.
  int sqlite_busy_timeout_ms = 5000;
  // SQLite: pages of write-ahead log past which the log is made to start over (WalCheckpointer).
  // ~650 MB at 4 KiB pages, three seconds or so of posting at full speed, and short of the
  // 200,000 pages (the pool's wal_autocheckpoint) past which every commit would checkpoint.
  int sqlite_wal_restart_pages = 160000;
  // SQLite: run the WalCheckpointer. Off for the short-lived admin subcommands (token create,
  // backup, check), which leave the log to the server beside them.
  bool sqlite_checkpointer = true;
  // SQLite: PRAGMA synchronous, "normal" or "full" (README, Durability).
  std::string sqlite_synchronous = "normal";
  // PostgreSQL: the server cancels any one statement running longer (0: no limit).
  int statement_timeout_ms = 30000;
};

// What SQLite's checkpointer (WalCheckpointer) has done since the database opened, for the
// metrics endpoint: a log that keeps growing while tries to start it over fail shows up here.
struct SqliteLogStats {
  long long log_pages = 0;  // the log's length at the checkpointer's last pass
  long long restarts = 0;   // the log made to start over (by the next write)
  long long reader_held = 0;  // tries given up: a reader stayed in the log throughout the wait
  long long writer_held = 0;  // tries given up: a write held the writers' lock throughout
  long long failed = 0;       // tries that SQLite refused with an error
};

class Database {
 public:
  // Opens every session of the pool (so a bad URL fails at start-up, not on the first call).
  static Expected<std::shared_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const;
  std::size_t pool_size() const;
  // Connections leased right now (for the metrics endpoint).
  std::size_t connections_in_use() const;
  // SQLite: what its checkpointer has done; PostgreSQL: nothing (it checkpoints by itself).
  std::optional<SqliteLogStats> sqlite_log_stats() const;
  // The URL with any password removed, for logs.
  std::string DisplayUrl() const;

  // SQLite found the database damaged (SQLITE_CORRUPT or SQLITE_NOTADB) during a call. The first
  // report calls the handler (the server logs it and reports NOT_SERVING); later ones are
  // counted only. The damage stays until an operator restores the file: no call undoes it.
  void ReportDamage(const std::string& what);
  bool damaged() const;
  // Set once, before serving: called (on the reporting call's thread) with the first report.
  void SetDamageHandler(std::function<void(const std::string&)> handler);

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// What a pooled connection runs with, for the start-up log and for tests.
struct ConnectionSettings {
  std::string journal_mode;  // SQLite: "wal"; PostgreSQL: ""
  bool foreign_keys = false;
  int busy_timeout_ms = 0;
  int page_bytes = 0;  // SQLite: the file's page size; PostgreSQL: 0
  int synchronous = 0;  // SQLite: PRAGMA synchronous (1 NORMAL, 2 FULL); PostgreSQL: 0
  std::string statement_timeout;  // PostgreSQL: as SHOW prints it ("30s"); SQLite: ""
  std::string server_version;
};
Expected<ConnectionSettings> InspectConnection(Database& db);

// Parses "sqlite:PATH" / "postgresql://…" into a dialect and a SOCI connect string.
struct ParsedUrl {
  Dialect dialect = Dialect::kSqlite;
  std::string connect_string;
  std::string sqlite_path;  // SQLite: the file; PostgreSQL: ""
};
Expected<ParsedUrl> ParseDatabaseUrl(std::string_view url);

}  // namespace kmhub::store
