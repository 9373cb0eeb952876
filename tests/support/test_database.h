#pragma once
// A fresh, migrated database per test, on either backend, so that every store and API test
// body runs on SQLite and on PostgreSQL:
//
//   const auto backend = GENERATE(kmhub::testing::kBackends);
//   kmhub::testing::TestDatabase db(backend);
//
// SQLite: a new file in a temporary directory. PostgreSQL: a new schema in the test server
// that ctest starts (KMHUB_TEST_POSTGRES_URL), dropped again afterwards.

#include <memory>
#include <string>
#include <vector>

#include "server/platform/db/database.h"

namespace kmhub::testing {

enum class Backend { kSqlite, kPostgres };
inline constexpr Backend kBackends[] = {Backend::kSqlite, Backend::kPostgres};
#define KMHUB_BACKENDS ::kmhub::testing::Backend::kSqlite, ::kmhub::testing::Backend::kPostgres

const char* BackendName(Backend backend);

class TestDatabase {
 public:
  explicit TestDatabase(Backend backend, std::size_t pool_size = 4, bool migrate = true);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Backend backend() const { return backend_; }
  const std::string& url() const { return url_; }
  std::shared_ptr<store::Database> db() const { return db_; }
  // Runs one SQL statement outside the store (to inspect or tamper with state in tests).
  long long CountRows(const std::string& table) const;
  // The first column of `sql`'s rows as text, through a connection of its own, closed after.
  std::vector<std::string> Texts(const std::string& sql) const;
  // Closes the store's pool (and SQLite's checkpointer), so that the test process holds the
  // database open no longer: a server started on it is then its only user. db() is null after.
  void CloseStore() { db_.reset(); }
  // SQLite: the file's path; PostgreSQL: "".
  std::string sqlite_path() const { return backend_ == Backend::kSqlite ? cleanup_ : ""; }

 private:
  Backend backend_;
  std::string url_;
  std::string cleanup_;  // file or schema to remove
  std::shared_ptr<store::Database> db_;
};

// A unique name for temporary files and schemas.
std::string UniqueName(const std::string& prefix);
// A directory under the system temporary directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace kmhub::testing
