#pragma once
// Store-internal: a SELECT assembled from fixed SQL fragments, with every value bound by
// name (":p0", ":p1", …). No value ever becomes part of the SQL text.

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "server/platform/db/session.h"
#include "server/platform/db/sqlite_rows.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace kmhub::store {

class BoundQuery {
 public:
  BoundQuery& Sql(std::string_view fragment) {
    sql_ += fragment;
    return *this;
  }
  // Binds a value and returns its placeholder for the caller to place in the SQL.
  std::string Text(std::string value) {
    texts_.push_back(std::move(value));
    return Name(false, texts_.size() - 1);
  }
  std::string Int(long long value) {
    ints_.push_back(value);
    return Name(true, ints_.size() - 1);
  }
  // Binds each value and returns "(:p0, :p1, …)" for an IN list; [first, last) of `values`.
  template <typename T>
  std::string IntList(const std::vector<T>& values, std::size_t first = 0, std::size_t last = SIZE_MAX) {
    std::string list = "(";
    for (std::size_t i = first; i < std::min(last, values.size()); ++i)
      list += (i > first ? ", " : "") + Int(static_cast<long long>(values[i]));
    return list + ")";
  }
  std::string TextList(const std::vector<std::string>& values) {
    std::string list = "(";
    for (std::size_t i = 0; i < values.size(); ++i) list += (i ? ", " : "") + Text(values[i]);
    return list + ")";
  }
  const std::string& sql() const { return sql_; }

  // Where each value goes in a SQLite statement prepared from this text (0: unused); the same
  // text binds the same values in the same order, so a cached statement works it out once.
  std::vector<int> SqlitePositions(sqlite_api::sqlite3_stmt* st) const {
    std::vector<int> positions;
    for (const auto& bind : binds_)
      positions.push_back(sqlite_api::sqlite3_bind_parameter_index(st, (":" + bind.name).c_str()));
    return positions;
  }
  // Binds this query's values to a SQLite statement prepared from its text.
  void BindTo(sqlite_api::sqlite3_stmt* st, const std::vector<int>& positions) const {
    for (std::size_t i = 0; i < binds_.size() && i < positions.size(); ++i) {
      const auto& [is_int, index, name] = binds_[i];
      const int at = positions[i];
      if (at == 0) continue;
      if (is_int) {
        sqlite_api::sqlite3_bind_int64(st, at, ints_[index]);
      } else {
        const std::string& text = texts_[index];
        sqlite_api::sqlite3_bind_text(st, at, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
      }
    }
  }

  // Prepares `st` (whose intos are already exchanged) with this query's text and values.
  void PrepareInto(soci::statement& st) {
    for (const auto& [is_int, index, name] : binds_) {
      if (is_int)
        st.exchange(soci::use(ints_[index], name));
      else
        st.exchange(soci::use(texts_[index], name));
    }
    st.alloc();
    st.prepare(sql_);
    st.define_and_bind();
  }

 private:
  template <typename Row>
  friend struct PreparedQuery;
  struct Bind {
    bool is_int;
    std::size_t index;
    std::string name;
  };
  std::string Name(bool is_int, std::size_t index) {
    std::string name = "p" + std::to_string(binds_.size());
    binds_.push_back({is_int, index, name});
    return ":" + name;
  }
  std::string sql_;
  std::deque<std::string> texts_;
  std::deque<long long> ints_;
  std::vector<Bind> binds_;
};

// A query prepared once per connection and re-executed with new values: the statement, the
// row it reads into and the storage its values are bound from live together in the cache.
template <typename Row>
struct PreparedQuery final : CachedStatement {
  template <typename ExchangeRow>
  PreparedQuery(soci::session& s, const BoundQuery& q, ExchangeRow exchange_row)
      : texts(q.texts_), ints(q.ints_), st(s) {
    exchange_row(row, st);
    for (const auto& [is_int, index, name] : q.binds_) {
      if (is_int)
        st.exchange(soci::use(ints[index], name));
      else
        st.exchange(soci::use(texts[index], name));
    }
    st.alloc();
    st.prepare(q.sql());
    st.define_and_bind();
  }
  // Same SQL text, so the same number and kinds of values: copy them into the bound storage.
  void Rebind(const BoundQuery& q) {
    std::copy(q.texts_.begin(), q.texts_.end(), texts.begin());
    std::copy(q.ints_.begin(), q.ints_.end(), ints.begin());
  }
  std::deque<std::string> texts;
  std::deque<long long> ints;
  Row row;
  soci::statement st;
};

// Bounds the number of distinct statements a connection keeps (IN lists of varying length
// and filter combinations make new texts).
inline constexpr std::size_t kMaxCachedStatements = 256;

// The connection's cached statement for `q`'s SQL text (prepared on first use, `q`'s values
// bound); outside WithSession, a fresh one kept in `uncached`.
template <typename Row, typename ExchangeRow>
PreparedQuery<Row>* CachedQuery(soci::session& s, const BoundQuery& q, ExchangeRow exchange_row,
                                std::unique_ptr<PreparedQuery<Row>>& uncached) {
  StatementCache* cache = CurrentStatementCache();
  if (!cache) {
    uncached = std::make_unique<PreparedQuery<Row>>(s, q, exchange_row);
    return uncached.get();
  }
  if (cache->size() >= kMaxCachedStatements) cache->clear();
  auto& slot = (*cache)[std::string(typeid(Row).name()) + ":" + q.sql()];
  if (slot) {
    auto* query = static_cast<PreparedQuery<Row>*>(slot.get());
    query->Rebind(q);
    return query;
  }
  slot = std::make_unique<PreparedQuery<Row>>(s, q, exchange_row);
  return static_cast<PreparedQuery<Row>*>(slot.get());
}

// A SQLite statement of the connection's cache, read without SOCI (sqlite_rows.h).
struct SqliteQuery final : CachedStatement {
  sqlite_api::sqlite3_stmt* st = nullptr;
  std::vector<int> positions;  // BoundQuery::SqlitePositions
  ~SqliteQuery() override { sqlite_api::sqlite3_finalize(st); }
};

// RunCached on SQLite: the statement prepared once per connection and its rows read column by
// column straight from SQLite; reset at the end, which also ends its hold on the read snapshot.
template <typename Row, typename ExchangeRow, typename OnRow>
void RunCachedSqlite(soci::session& s, StatementCache& cache, const BoundQuery& q, ExchangeRow exchange_row,
                     OnRow on_row) {
  sqlite_api::sqlite3* db = static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
  if (cache.size() >= kMaxCachedStatements) cache.clear();
  auto& slot = cache["sqlite:" + q.sql()];
  if (!slot) {
    auto query = std::make_unique<SqliteQuery>();
    const int rc = sqlite_api::sqlite3_prepare_v3(db, q.sql().c_str(), static_cast<int>(q.sql().size()),
                                                  SQLITE_PREPARE_PERSISTENT, &query->st, nullptr);
    if (rc != SQLITE_OK)
      throw soci::sqlite3_soci_error(std::string("preparing a query: ") + sqlite_api::sqlite3_errmsg(db), rc);
    query->positions = q.SqlitePositions(query->st);
    slot = std::move(query);
  }
  const auto& query = static_cast<SqliteQuery&>(*slot);
  sqlite_api::sqlite3_stmt* st = query.st;
  struct Reset {
    sqlite_api::sqlite3_stmt* st;
    ~Reset() {
      sqlite_api::sqlite3_reset(st);
      sqlite_api::sqlite3_clear_bindings(st);
    }
  } reset{st};
  q.BindTo(st, query.positions);
  Row row{};
  int rc = SQLITE_OK;
  while ((rc = sqlite_api::sqlite3_step(st)) == SQLITE_ROW) {
    SqliteColumns columns(st);
    exchange_row(row, columns);
    on_row(row);
  }
  if (rc != SQLITE_DONE) throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(db), rc);
}

// Runs `q` on the connection's cached statement for its SQL text (prepared on first use) and
// calls on_row(row) for every row.
template <typename Row, typename ExchangeRow, typename OnRow>
void RunCached(soci::session& s, const BoundQuery& q, ExchangeRow exchange_row, OnRow on_row) {
  if (StatementCache* cache = CurrentStatementCache(); cache && CurrentDialect() == Dialect::kSqlite)
    return RunCachedSqlite<Row>(s, *cache, q, exchange_row, on_row);
  std::unique_ptr<PreparedQuery<Row>> uncached;
  PreparedQuery<Row>* query = CachedQuery<Row>(s, q, exchange_row, uncached);
  struct Release {
    soci::statement& st;
    ~Release() { ReleaseStatement(st); }
  } release{query->st};
  if (query->st.execute(true)) {
    do {
      on_row(query->row);
    } while (query->st.fetch());
  }
}

// Runs a statement without results (INSERT, UPDATE, DELETE, SAVEPOINT …) on the connection's
// cached statement for its SQL text, so that a write path parses its SQL once per connection,
// not once per call: the number of rows it changed.
inline long long ExecuteCached(soci::session& s, const BoundQuery& q) {
  struct NoRow {};
  std::unique_ptr<PreparedQuery<NoRow>> uncached;
  PreparedQuery<NoRow>* query = CachedQuery<NoRow>(s, q, [](NoRow&, soci::statement&) {}, uncached);
  struct Release {
    soci::statement& st;
    ~Release() { ReleaseStatement(st); }
  } release{query->st};
  query->st.execute(true);
  return query->st.get_affected_rows();
}

// A transaction-control statement (BEGIN, COMMIT, SAVEPOINT …): prepared once per connection on
// SQLite; sent as it is to PostgreSQL, which does not prepare them.
inline void ExecuteControl(soci::session& s, Dialect dialect, const char* sql) {
  if (dialect != Dialect::kSqlite) {
    s << sql;
    return;
  }
  BoundQuery q;
  q.Sql(sql);
  ExecuteCached(s, q);
}

// Every row of `q` as records, for a Row with Exchange(statement&) and ToRecord().
template <typename Row>
auto FetchRecords(soci::session& s, const BoundQuery& q) {
  std::vector<decltype(std::declval<const Row&>().ToRecord())> out;
  RunCached<Row>(s, q, [](Row& r, auto& st) { r.Exchange(st); },
                 [&](const Row& r) { out.push_back(r.ToRecord()); });
  return out;
}

// Keyset paging over (sort expression, id): appends the "after the cursor" condition
// (when resuming), the ORDER BY, and a LIMIT one above the page size to detect a next page.
struct KeysetOrder {
  std::string expression;  // fixed SQL, never user text
  bool integer = false;
  bool descending = false;
  std::string id_column = "id";  // the tie-breaker (qualified when the query joins)
};

inline void AppendKeyset(BoundQuery& q, const KeysetOrder& order, std::int64_t last_id, const std::string& last_sort,
                         int page_size) {
  const char* cmp = order.descending ? " < " : " > ";
  if (last_id > 0) {
    // Each placeholder is used once: SOCI's PostgreSQL backend numbers every occurrence.
    auto bind_sort = [&]() {
      if (!order.integer) return q.Text(last_sort);
      long long v = 0;
      try {
        v = std::stoll(last_sort);
      } catch (...) {
        // A token whose sort value is not a number resumes from the start of the order.
      }
      return q.Int(v);
    };
    const std::string first = bind_sort();
    const std::string second = bind_sort();
    const std::string id = q.Int(last_id);
    q.Sql(" AND (" + order.expression + cmp + first + " OR (" + order.expression + " = " + second + " AND " +
          order.id_column + cmp + id + "))");
  }
  const char* dir = order.descending ? " DESC" : " ASC";
  q.Sql(" ORDER BY " + order.expression + dir + ", " + order.id_column + dir + " LIMIT " + q.Int(page_size + 1));
}

}  // namespace kmhub::store
