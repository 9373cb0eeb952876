#include "tests/support/test_database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "server/platform/db/migrations.h"

namespace kmhub::testing {

namespace {

// The URL as a connect string SOCI can take (see store::ParseDatabaseUrl).
std::string ConnectString(const std::string& url) {
  auto parsed = store::ParseDatabaseUrl(url);
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return parsed->connect_string;
}

std::string PostgresBaseUrl() {
  const char* url = std::getenv("KMHUB_TEST_POSTGRES_URL");
  if (!url || !*url)
    throw std::runtime_error(
        "KMHUB_TEST_POSTGRES_URL is not set: run the tests through ctest, which starts a PostgreSQL test server");
  return url;
}

}  // namespace

const char* BackendName(Backend backend) { return backend == Backend::kSqlite ? "sqlite" : "postgresql"; }

std::string UniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  static const auto seed = std::random_device{}();
  return prefix + std::to_string(seed % 100000) + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

TempDir::TempDir() {
  path_ = (std::filesystem::temp_directory_path() / UniqueName("kmhub_test_")).string();
  std::filesystem::create_directories(path_);
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestDatabase::TestDatabase(Backend backend, std::size_t pool_size, bool migrate) : backend_(backend) {
  if (backend == Backend::kSqlite) {
    cleanup_ = (std::filesystem::temp_directory_path() / (UniqueName("kmhub_test_") + ".db")).string();
    url_ = "sqlite:" + cleanup_;
  } else {
    const std::string base = PostgresBaseUrl();
    cleanup_ = UniqueName("t_");
    soci::session admin(soci::postgresql, ConnectString(base));
    admin << "CREATE SCHEMA " + cleanup_;  // a generated identifier, never user input
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + cleanup_;
  }
  store::DatabaseOptions options;
  options.url = url_;
  options.pool_size = pool_size;
  auto opened = store::Database::Open(options);
  if (!opened) throw std::runtime_error("opening the test database failed: " + opened.error().message);
  db_ = *opened;
  if (migrate) {
    auto migrated = store::Migrate(*db_);
    if (!migrated) throw std::runtime_error("migrating the test database failed: " + migrated.error().message);
  }
}

TestDatabase::~TestDatabase() {
  db_.reset();
  try {
    if (backend_ == Backend::kSqlite) {
      for (const char* suffix : {"", "-wal", "-shm", ".server-lock"}) std::filesystem::remove(cleanup_ + suffix);
    } else {
      soci::session admin(soci::postgresql, ConnectString(PostgresBaseUrl()));
      admin << "DROP SCHEMA " + cleanup_ + " CASCADE";
    }
  } catch (...) {
    // Leftovers of a test run live in a throw-away server or temporary directory.
  }
}

long long TestDatabase::CountRows(const std::string& table) const {
  long long n = 0;
  if (backend_ == Backend::kSqlite) {
    soci::session s(soci::sqlite3, "db=" + cleanup_);
    s << "SELECT COUNT(*) FROM " + table, soci::into(n);
  } else {
    soci::session s(soci::postgresql, ConnectString(url_));
    s << "SELECT COUNT(*) FROM " + table, soci::into(n);
  }
  return n;
}

}  // namespace kmhub::testing

namespace kmhub::testing {

std::vector<std::string> TestDatabase::Texts(const std::string& sql) const {
  soci::session s;
  if (backend_ == Backend::kSqlite)
    s.open(soci::sqlite3, "db=" + cleanup_);
  else
    s.open(soci::postgresql, ConnectString(url_));
  soci::rowset<std::string> rows = (s.prepare << sql);
  return {rows.begin(), rows.end()};
}

}  // namespace kmhub::testing
