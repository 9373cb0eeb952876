#include "server/platform/db/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <libpq-fe.h>

#include "server/platform/db/sqlite/log_frame_vfs.h"
#include "server/platform/search/search_rank.h"
#include "server/platform/db/session.h"

namespace kmhub::store {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// libpq parses the URI (percent-decoding, query parameters); SOCI is handed the equivalent
// keyword=value string, which it passes through untouched (it mangles some bare URIs).
std::optional<std::string> PostgresConnectString(const std::string& url, std::string* error) {
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
  if (!options) {
    *error = message ? message : "cannot parse the PostgreSQL URL";
    if (message) PQfreemem(message);
    return std::nullopt;
  }
  std::string out;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    std::string value;
    for (const char* c = o->val; *c; ++c) {
      if (*c == '\\' || *c == '\'') value += '\\';
      value += *c;
    }
    out += std::string(out.empty() ? "" : " ") + o->keyword + "='" + value + "'";
  }
  PQconninfoFree(options);
  return out;
}

// Per-connection SQLite settings: they are not stored in the file (foreign keys, busy timeout)
// or must be asserted on every open (WAL).
void ConfigureSqlite(soci::session& s, int busy_timeout_ms, const std::string& synchronous) {
  s << "PRAGMA foreign_keys = ON";
  s << "PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms);
  // A new database file gets 4 KiB pages, SQLite's default, said here so that a SQLite built
  // with another default makes the files measured; an existing one keeps its own (this is a
  // no-op then). 2 KiB pages, which halve the log a forum post writes, were faster until a
  // commit's frames were written in one call (log_frame_vfs.h); since then 4 KiB are
  // (bench/README.md, "2 KiB pages, 2026-11 to 2026-12-07, then 4 KiB again").
  s << "PRAGMA page_size = " + std::to_string(kSqlitePageBytes);
  std::string mode;
  s << "PRAGMA journal_mode = WAL", soci::into(mode);
  // NORMAL: in WAL mode a commit is not fsynced, the checkpoints are; a power cut can lose the
  // last commits but never leaves the file unsound. FULL fsyncs the log at every commit.
  s << (synchronous == "full" ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  // The WalCheckpointer copies the log back; a commit does it only past 200,000 pages (~400 MB),
  // well past the point where the checkpointer starts the log over (wal_checkpointer.h).
  s << "PRAGMA wal_autocheckpoint = 200000";
  // Reads through a memory map of the file (up to 1 GiB) instead of a read() and a copy into each
  // connection's own page cache: sixteen connections share the kernel's one copy of a page.
  s << "PRAGMA mmap_size = 1073741824";
  // Statement and savepoint journals (a batch of posts has a savepoint per post) in memory: on
  // disk they cost a write() per page changed, ~80 KB a post, more than the post's commit.
  s << "PRAGMA temp_store = MEMORY";
  // The forum search's ranking function lives in the connection, like the index it ranks.
  if (!RegisterSearchRank(s)) throw std::runtime_error("this SQLite has no full-text search (FTS5)");
}

// Process-wide SQLite settings, before the library starts: each pooled connection is used by one
// thread at a time (a lease), so SQLite's own per-connection mutexes only cost time, and its
// memory statistics take a global mutex on every allocation. Too late once SQLite has started
// (then SQLite keeps its safe defaults).
void ConfigureSqliteLibrary() {
  static const bool configured = [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    // Without it SQLite writes the log, correctly, with two write() calls a frame, not one a commit.
    (void)InstallLogFrameVfs();
    return true;
  }();
  (void)configured;
}

}  // namespace

Expected<ParsedUrl> ParseDatabaseUrl(std::string_view url) {
  ParsedUrl parsed;
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    parsed.dialect = Dialect::kPostgres;
    std::string error;
    auto connect = PostgresConnectString(std::string(url), &error);
    if (!connect) {
      Violations v;
      v.Add("database", "not a PostgreSQL URL: " + error);
      return v.ToError("INVALID_DATABASE_URL");
    }
    parsed.connect_string = *connect;
    return parsed;
  }
  if (StartsWith(url, "sqlite:")) {
    std::string_view path = url.substr(7);
    if (StartsWith(path, "//")) path.remove_prefix(2);
    if (path.empty() || path == ":memory:") {
      Violations v;
      v.Add("database", "a SQLite database needs a file path (\":memory:\" would give every pooled connection its own database)");
      return v.ToError("INVALID_DATABASE_URL");
    }
    parsed.dialect = Dialect::kSqlite;
    parsed.sqlite_path = std::string(path);
    parsed.connect_string = "db=\"" + parsed.sqlite_path + "\"";
    return parsed;
  }
  Violations v;
  v.Add("database", "expected \"sqlite:PATH\" or \"postgresql://USER@HOST:PORT/DB\", got \"" + std::string(url) + "\"");
  return v.ToError("INVALID_DATABASE_URL");
}

void OpenConnection(Database::Impl& db, soci::session& s) {
  if (db.dialect == Dialect::kSqlite) {
    s.open(*soci::factory_sqlite3(), db.connect_string);
    ConfigureSqlite(s, db.sqlite_busy_timeout_ms, db.sqlite_synchronous);
  } else {
    s.open(*soci::factory_postgresql(), db.connect_string);
    ConfigurePostgres(s, db.statement_timeout_ms);
  }
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

Dialect Database::dialect() const { return impl_->dialect; }
std::size_t Database::pool_size() const { return impl_->pool_size; }
std::size_t Database::connections_in_use() const { return impl_->in_use.load(); }
std::optional<SqliteLogStats> Database::sqlite_log_stats() const {
  if (!impl_->checkpointer) return std::nullopt;
  return impl_->checkpointer->stats();
}
std::string Database::DisplayUrl() const { return impl_->display_url; }

void Database::ReportDamage(const std::string& what) {
  if (impl_->damaged.exchange(true)) return;
  if (impl_->damage_handler) impl_->damage_handler(what);
}
bool Database::damaged() const { return impl_->damaged.load(); }
void Database::SetDamageHandler(std::function<void(const std::string&)> handler) {
  impl_->damage_handler = std::move(handler);
}

Expected<std::shared_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  KMHUB_ASSIGN_OR_RETURN(const ParsedUrl parsed, ParseDatabaseUrl(options.url));
  const std::size_t size = options.pool_size == 0 ? 1 : options.pool_size;
  auto impl = std::make_unique<Impl>(parsed.dialect, size, options.lease_timeout_ms, options.statement_timeout_ms);
  // Hide credentials in logs: keep the scheme and everything after '@'.
  impl->display_url = options.url;
  if (const auto at = options.url.find('@'); at != std::string::npos && parsed.dialect == Dialect::kPostgres)
    impl->display_url = options.url.substr(0, options.url.find("://") + 3) + "…" + options.url.substr(at);
  if (parsed.dialect == Dialect::kSqlite) ConfigureSqliteLibrary();
  impl->connect_string = parsed.connect_string;
  impl->sqlite_busy_timeout_ms = options.sqlite_busy_timeout_ms;
  impl->sqlite_synchronous = options.sqlite_synchronous;
  try {
    for (std::size_t i = 0; i < size; ++i) OpenConnection(*impl, impl->pool.at(i));
    if (parsed.dialect == Dialect::kSqlite && options.sqlite_checkpointer) impl->checkpointer =
          std::make_unique<WalCheckpointer>(parsed.connect_string, impl->sqlite_writer, options.sqlite_wal_restart_pages);
  } catch (const std::exception& e) {
    return Unavailable("DATABASE_UNAVAILABLE", "cannot open database " + impl->display_url + ": " + e.what());
  }
  return std::shared_ptr<Database>(new Database(std::move(impl)));
}

}  // namespace kmhub::store
