#pragma once
// Store-internal: leasing a pooled SOCI session, transactions, and turning SOCI's exceptions
// into Error values. Only stores (server/<capability>/*_store.cpp) and the platform include this header.

#include <soci/soci.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "server/platform/db/database.h"
#include "server/platform/db/fifo_lock.h"
#include "server/platform/db/sqlite/wal_checkpointer.h"
#include "shared/error.h"

namespace kmhub::store {

// A statement prepared once per pooled connection and executed many times: SQLite's parse and
// plan (about a fifth of a point read's server time) is paid once. A derived class owns its
// statement and the variables bound to it.
struct CachedStatement {
  virtual ~CachedStatement() = default;
};
using StatementCache = std::unordered_map<std::string, std::unique_ptr<CachedStatement>>;

struct Database::Impl {
  Impl(Dialect d, std::size_t size, int lease_ms, int statement_timeout)
      : dialect(d),
        pool_size(size),
        lease_timeout_ms(lease_ms),
        statement_timeout_ms(statement_timeout),
        pool(size),
        statements(size) {}
  Dialect dialect;
  std::size_t pool_size;
  int lease_timeout_ms;
  int statement_timeout_ms;
  int sqlite_busy_timeout_ms = 0;
  std::string sqlite_synchronous = "normal";
  std::string connect_string;  // SOCI's, for connections opened after the pool (PinnedSession)
  std::atomic<std::size_t> in_use{0};
  std::string display_url;
  soci::connection_pool pool;
  std::vector<StatementCache> statements;  // one per pooled connection, used only by its lessee
  // SQLite has one writer at a time. Writers of this process queue here, in arrival order,
  // instead of in SQLite's busy handler, which sleeps 1, 2, 5 … 100 ms between tries: under 16
  // concurrent writers that sleeping, not the writing, made the slowest percent of posts take a
  // third of a second.
  FifoLock sqlite_writer;
  std::atomic<bool> damaged{false};
  std::function<void(const std::string&)> damage_handler;
  // SQLite: checkpoints the WAL off the request path. Declared last: stopped before the pool closes.
  std::unique_ptr<WalCheckpointer> checkpointer;
};

// Session settings every PostgreSQL connection runs with (on open and after a reconnect).
void ConfigurePostgres(soci::session& s, int statement_timeout_ms);

// Opens `s` to the database and configures it as every pooled connection is. Throws as SOCI does.
void OpenConnection(Database::Impl& db, soci::session& s);

// A PostgreSQL connection lost with its server (restart, failover) is opened again, so the
// service recovers by itself once the database is back. Never throws.
void EnsureConnected(Database& db, soci::session& s);

// The reason of the error a damaged SQLite file gives (SQLITE_CORRUPT, SQLITE_NOTADB).
inline constexpr const char* kDatabaseCorrupt = "DATABASE_CORRUPT";

// Maps a SOCI/database exception to a canonical error. `what` names the operation for the message.
Error MapDatabaseError(Dialect dialect, const std::exception& e, std::string_view what);

// The settings of one leased connection (InspectConnection, database.h, leases one itself);
// throws as SOCI does.
ConnectionSettings InspectSession(soci::session& s, Dialect dialect);

// Leases a session for the lifetime of the object.
class Lease {
 public:
  explicit Lease(Database& db);
  ~Lease();
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  bool ok() const { return ok_; }
  soci::session& session() { return db_.impl().pool.at(pos_); }
  StatementCache& statements() { return db_.impl().statements[pos_]; }

 private:
  Database& db_;
  std::size_t pos_ = 0;
  bool ok_ = false;
};

// A connection of its own, outside the pool, for one long-lived worker thread (the forum's post
// writer). SQLite empties a connection's page cache (and, memory-mapped, unmaps the file) when
// another connection has committed since its last transaction, so a writer that leased whichever
// pooled connection was free re-read and re-faulted every page it touched, batch after batch;
// kept to itself, its cache holds the pages it writes. Opened and configured like the pool's
// connections (and their statement caching); its write transactions queue on the same writer
// lock. Used by one thread at a time; keeps its Database open.
//
// `memory_map` false: SQLite reads with read() into the connection's own cache instead of through
// a map of the file. For a connection that reads right after nearly every commit of others (the
// forum's reply checks, after each batch of posts) the map costs more than it saves: each such
// transaction unmaps the whole file (with a TLB shootdown on the other cores) and faults every
// page back in; reading the dozen pages it needs was ~5% more posting throughput (bench/).
class PinnedSession {
 public:
  // Opens nothing yet: the connection is opened on first use (and again after a failed open).
  explicit PinnedSession(std::shared_ptr<Database> db, bool memory_map = true)
      : db_(std::move(db)), memory_map_(memory_map) {}
  PinnedSession(const PinnedSession&) = delete;
  PinnedSession& operator=(const PinnedSession&) = delete;
  // Opens the connection unless it is open. False if the database cannot be reached.
  bool Open();
  Database& db() { return *db_; }
  soci::session& session() { return session_; }
  StatementCache& statements() { return statements_; }

 private:
  std::shared_ptr<Database> db_;
  bool memory_map_;
  soci::session session_;
  StatementCache statements_;
  bool open_ = false;
};

// SQLite write transactions start with BEGIN IMMEDIATE so that two writers queue instead of
// failing when a read lock is upgraded — first on the database's in-process writer lock, then
// (for writers in other processes) on the busy timeout; PostgreSQL uses a plain BEGIN.
class Transaction {
 public:
  Transaction(soci::session& s, Database& db);
  ~Transaction();  // rolls back unless committed
  void Commit();

 private:
  soci::session& s_;
  bool done_ = false;
  FifoLock* writer_ = nullptr;  // held until commit or rollback
};

std::int64_t NowMicros();

// Ends a cached statement's use: SQLite keeps a statement that has not been reset "active",
// and with it the connection's read snapshot, so later reads on that pooled connection would
// not see newer commits. (PostgreSQL results are read whole; nothing to do there.)
void ReleaseStatement(soci::statement& st);

// The statement cache of the connection the calling thread has leased (set by WithSession).
StatementCache* CurrentStatementCache();
Dialect CurrentDialect();
void SetCurrentStatementCache(StatementCache* cache, Dialect dialect);

// The connection's cached T, built with T(session) on first use. Outside WithSession (no
// cache), a fresh T is built per call and kept until the thread's next call.
template <typename T>
T& Cached(soci::session& s, const std::string& key) {
  if (StatementCache* cache = CurrentStatementCache()) {
    auto& slot = (*cache)[key];
    if (!slot) slot = std::make_unique<T>(s);
    return static_cast<T&>(*slot);
  }
  thread_local std::unique_ptr<T> uncached;
  uncached = std::make_unique<T>(s);
  return *uncached;
}

template <typename T>
struct IsExpected : std::false_type {};
template <typename T>
struct IsExpected<Expected<T>> : std::true_type {};

// Runs fn(session) on the given connection with its statement cache; any exception becomes an Error.
template <typename F>
auto RunOnSession(Database& db, soci::session& session, StatementCache& statements, std::string_view what, F&& fn)
    -> decltype(fn(std::declval<soci::session&>())) {
  using Result = decltype(fn(std::declval<soci::session&>()));
  static_assert(IsExpected<Result>::value, "store functions return Expected<T>");
  struct CacheScope {
    CacheScope(StatementCache* c, Dialect d) { SetCurrentStatementCache(c, d); }
    ~CacheScope() { SetCurrentStatementCache(nullptr, Dialect::kSqlite); }
  } scope(&statements, db.dialect());
  if (db.dialect() == Dialect::kPostgres && !session.is_connected()) {
    statements.clear();
    EnsureConnected(db, session);
  }
  try {
    return fn(session);
  } catch (const std::exception& e) {
    // After a failure the connection may have been reset: prepare afresh next time.
    statements.clear();
    // A lost PostgreSQL connection fails with whatever the driver says; what matters to the
    // caller is that the database is unreachable, which a retry may cure.
    if (db.dialect() == Dialect::kPostgres && !session.is_connected())
      return Unavailable("DATABASE_UNAVAILABLE", std::string(what) + ": the database connection was lost (" + e.what() + ")");
    Error error = MapDatabaseError(db.dialect(), e, what);
    if (error.reason == kDatabaseCorrupt) db.ReportDamage(error.message);
    return error;
  }
}

// Runs fn(session) on a leased session; any exception becomes an Error.
template <typename F>
auto WithSession(Database& db, std::string_view what, F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  Lease lease(db);
  if (!lease.ok()) return Unavailable("DATABASE_BUSY", "no database connection became free in time; retry shortly");
  return RunOnSession(db, lease.session(), lease.statements(), what, std::forward<F>(fn));
}

// Runs fn(session) on a pinned connection; any exception becomes an Error.
template <typename F>
auto WithSession(PinnedSession& pinned, std::string_view what, F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  if (!pinned.Open()) return Unavailable("DATABASE_UNAVAILABLE", std::string(what) + ": cannot open a database connection");
  return RunOnSession(pinned.db(), pinned.session(), pinned.statements(), what, std::forward<F>(fn));
}

// One read transaction on a leased session, so that several queries see one state of the
// database (a project's status read from five tables); on SQLite it also opens the read
// transaction once rather than once per query. BEGIN and COMMIT are prepared once per
// connection like the queries. Ended by End, or rolled back if an exception passes.
class ReadSnapshot {
 public:
  ReadSnapshot(soci::session& s, Dialect dialect);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  void End();

 private:
  soci::session& s_;
  Dialect dialect_;
  bool open_ = true;
};

// Runs fn(session) like WithSession, inside a ReadSnapshot. Only for reads.
template <typename F>
auto WithReadSnapshot(Database& db, std::string_view what, F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  return WithSession(db, what, [&](soci::session& s) {
    ReadSnapshot snapshot(s, db.dialect());
    auto result = fn(s);
    snapshot.End();
    return result;
  });
}

// The same on a pinned connection.
template <typename F>
auto WithReadSnapshot(PinnedSession& pinned, std::string_view what, F&& fn)
    -> decltype(fn(std::declval<soci::session&>())) {
  return WithSession(pinned, what, [&](soci::session& s) {
    ReadSnapshot snapshot(s, pinned.db().dialect());
    auto result = fn(s);
    snapshot.End();
    return result;
  });
}

// Runs fn(session) inside one transaction; commits only when fn returns a value.
template <typename F>
auto InTransaction(Database& db, std::string_view what, F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
  return WithSession(db, what, [&](soci::session& s) {
    Transaction tx(s, db);
    auto result = fn(s);
    if (result) tx.Commit();
    return result;
  });
}

}  // namespace kmhub::store
