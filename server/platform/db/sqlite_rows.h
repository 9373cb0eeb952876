#pragma once
// Store-internal: the columns of a row, read the same way from both databases. A row type
// names its columns once, in order, with Col(st, member) (or Col(st, member, indicator) where
// NULL must be told apart); Col goes through SOCI's intos on PostgreSQL and straight to
// SQLite's sqlite3_column_* on SQLite. SOCI's SQLite backend copies every value of every row
// into a cache of its own and then again into the into: ~900 instructions a column, two thirds
// of reading a page of 50 projects (callgrind). On SQLite a NULL without an indicator reads as
// 0 or "" (SOCI would throw; the queries COALESCE where it matters).

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <string>

namespace kmhub::store {

class SqliteColumns {
 public:
  explicit SqliteColumns(sqlite_api::sqlite3_stmt* st) : st_(st) {}

  void Read(long long& v) { v = sqlite_api::sqlite3_column_int64(st_, next_++); }
  void Read(int& v) { v = sqlite_api::sqlite3_column_int(st_, next_++); }
  void Read(double& v) { v = sqlite_api::sqlite3_column_double(st_, next_++); }
  void Read(std::string& v) {
    const unsigned char* text = sqlite_api::sqlite3_column_text(st_, next_);
    const int size = sqlite_api::sqlite3_column_bytes(st_, next_++);
    if (text)
      v.assign(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
    else
      v.clear();
  }
  // Like SOCI: the value is left as it was when the column is NULL.
  template <typename T>
  void Read(T& v, soci::indicator& ind) {
    if (sqlite_api::sqlite3_column_type(st_, next_) == SQLITE_NULL) {
      ind = soci::i_null;
      ++next_;
      return;
    }
    ind = soci::i_ok;
    Read(v);
  }

 private:
  sqlite_api::sqlite3_stmt* st_;
  int next_ = 0;
};

template <typename T>
void Col(soci::statement& st, T& v) {
  st.exchange(soci::into(v));
}
template <typename T>
void Col(soci::statement& st, T& v, soci::indicator& ind) {
  st.exchange(soci::into(v, ind));
}
template <typename T>
void Col(SqliteColumns& row, T& v) {
  row.Read(v);
}
template <typename T>
void Col(SqliteColumns& row, T& v, soci::indicator& ind) {
  row.Read(v, ind);
}

}  // namespace kmhub::store
