#include "server/platform/db/migrations.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <soci/sqlite3/soci-sqlite3.h>

#include "server/platform/db/session.h"

#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

TEST_CASE("migrations apply once, a second start changes nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend, 2, /*migrate=*/false);
  const auto first = store::Migrate(*t.db());
  REQUIRE(first);
  CHECK(*first == static_cast<int>(store::AllMigrations().size()));
  const auto second = store::Migrate(*t.db());
  REQUIRE(second);
  CHECK(*second == 0);
  CHECK(*store::SchemaVersion(*t.db()) == store::AllMigrations().back().version);
  CHECK(t.CountRows("schema_migrations") == static_cast<long long>(store::AllMigrations().size()));
}

TEST_CASE("every pooled SQLite connection runs in WAL mode with foreign keys and a busy timeout") {
  TestDatabase t(Backend::kSqlite, 3);
  for (int i = 0; i < 3; ++i) {
    const auto settings = store::InspectConnection(*t.db());
    REQUIRE(settings);
    CHECK(settings->journal_mode == "wal");
    CHECK(settings->foreign_keys);
    CHECK(settings->busy_timeout_ms == 5000);
    CHECK(settings->synchronous == 1);  // NORMAL, the default
  }
}

TEST_CASE("SQLite synchronous = full (--sqlite-synchronous full) makes every pooled SQLite connection fsync its commits") {
  TempDir dir;
  store::DatabaseOptions options;
  options.url = "sqlite:" + dir.path() + "/full.db";
  options.pool_size = 3;
  options.sqlite_synchronous = "full";
  auto db = store::Database::Open(options);
  REQUIRE(db);
  for (int i = 0; i < 3; ++i) {
    const auto settings = store::InspectConnection(**db);
    REQUIRE(settings);
    CHECK(settings->synchronous == 2);  // FULL
  }
}

TEST_CASE("a SQLite file the server creates has 4 KiB pages, and one made before keeps its own") {
  TempDir dir;
  const auto page_bytes_of = [](const std::string& path) {
    auto db = store::Database::Open({"sqlite:" + path, 2, 5000, 5000});
    REQUIRE(db);
    REQUIRE(store::Migrate(**db));
    const auto settings = store::InspectConnection(**db);
    REQUIRE(settings);
    return settings->page_bytes;
  };
  CHECK(page_bytes_of(dir.path() + "/new.db") == store::kSqlitePageBytes);
  CHECK(store::kSqlitePageBytes == 4096);
  {
    // Files the server made from 2026-11 to 2026-12-07 have 2 KiB pages, and keep them.
    soci::session older(soci::sqlite3, "db=" + dir.path() + "/older.db");
    older << "PRAGMA page_size = 2048";
    older << "CREATE TABLE made_before (id INTEGER PRIMARY KEY)";
  }
  CHECK(page_bytes_of(dir.path() + "/older.db") == 2048);
}

TEST_CASE("database URLs: sqlite:PATH or postgresql://, nothing else") {
  CHECK(store::ParseDatabaseUrl("sqlite:kmhub.db")->dialect == store::Dialect::kSqlite);
  CHECK(store::ParseDatabaseUrl("postgresql://kmhub@127.0.0.1:5432/kmhub")->dialect == store::Dialect::kPostgres);
  const auto memory = store::ParseDatabaseUrl("sqlite::memory:");
  REQUIRE_FALSE(memory);
  CHECK(memory.error().violations.at(0).field == "database");
  CHECK_FALSE(store::ParseDatabaseUrl("mysql://x"));
}

TEST_CASE("an unreachable PostgreSQL server is UNAVAILABLE at open, not a crash") {
  store::DatabaseOptions options;
  options.url = "postgresql://kmhub@127.0.0.1:1/kmhub?connect_timeout=2";
  options.pool_size = 1;
  const auto db = store::Database::Open(options);
  REQUIRE_FALSE(db);
  CHECK(db.error().code == ErrorCode::kUnavailable);
}

TEST_CASE("PostgreSQL connections run with statement_timeout, and a statement over it is DEADLINE_EXCEEDED") {
  if (std::getenv("KMHUB_TEST_POSTGRES_URL") == nullptr) return;  // outside ctest: no server
  TestDatabase t(Backend::kPostgres, 1);
  auto settings = store::InspectConnection(*t.db());
  REQUIRE(settings);
  CHECK(settings->statement_timeout == "30s");  // the default of --statement-timeout-ms

  store::DatabaseOptions options;
  options.url = t.url();
  options.pool_size = 1;
  options.statement_timeout_ms = 200;
  auto db = store::Database::Open(options);
  REQUIRE(db);
  const auto slow = store::WithSession(**db, "sleeping", [](soci::session& s) -> Expected<int> {
    s << "SELECT pg_sleep(2)";
    return 1;
  });
  REQUIRE_FALSE(slow);
  CHECK(slow.error().code == ErrorCode::kDeadlineExceeded);
  CHECK(slow.error().reason == "STATEMENT_TIMEOUT");
  // The connection is still usable afterwards.
  settings = store::InspectConnection(**db);
  REQUIRE(settings);
  CHECK(settings->statement_timeout == "200ms");
}
