#include "server/platform/db/migrations.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <set>
#include <vector>
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

TEST_CASE("a migration file: version from its name, name from its first line, statements to each semicolon") {
  const auto m = store::ReadMigrationFile("forums/migrations/0012_search_weights.sql",
                                          "-- Migration 12: weights for search\n"
                                          "-- a note for people; not sent to the database\n"
                                          "\n"
                                          "CREATE TABLE t (\n"
                                          "    a TEXT);\n"
                                          "\n"
                                          "-- on sqlite only\n"
                                          "CREATE TRIGGER t_x AFTER INSERT ON t BEGIN SELECT 1; END;\n"
                                          "-- on postgres only\n"
                                          "CREATE INDEX t_a ON t (a);\n"
                                          "INSERT INTO t (a) VALUES ('x');\n");
  REQUIRE(m);
  CHECK(m->version == 12);
  CHECK(m->name == "weights for search");
  REQUIRE(m->statements.size() == 4);
  CHECK(m->statements[0] == "CREATE TABLE t (\n    a TEXT)");  // kept byte for byte: sqlite_master stores it
  CHECK(m->statements[1] == "{{sqlite-only}}CREATE TRIGGER t_x AFTER INSERT ON t BEGIN SELECT 1; END");
  CHECK(m->statements[2] == "{{postgres-only}}CREATE INDEX t_a ON t (a)");
  CHECK(m->statements[3] == "INSERT INTO t (a) VALUES ('x')");
}

TEST_CASE("a migration file that does not read is refused with what is wrong") {
  const auto unnamed = store::ReadMigrationFile("x/migrations/search.sql", "-- Migration 1: x\nSELECT 1;\n");
  REQUIRE_FALSE(unnamed);
  CHECK(unnamed.error().reason == "BAD_MIGRATION_FILE");
  CHECK(unnamed.error().message.find("NNNN_what.sql") != std::string::npos);
  const auto wrong_heading = store::ReadMigrationFile("x/migrations/0003_a.sql", "-- Migration 4: a\nSELECT 1;\n");
  REQUIRE_FALSE(wrong_heading);
  CHECK(wrong_heading.error().message.find("-- Migration 3: ") != std::string::npos);
  const auto unterminated = store::ReadMigrationFile("x/migrations/0003_a.sql", "-- Migration 3: a\nSELECT 1\n");
  REQUIRE_FALSE(unterminated);
  CHECK(unterminated.error().message.find("does not end with ';'") != std::string::npos);
}

TEST_CASE("the migrations embedded at build time are every capability's, numbered 1, 2, 3, …") {
  const auto& files = store::EmbeddedMigrationFiles();
  const auto& all = store::AllMigrations();
  REQUIRE(files.size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].version == static_cast<int>(i) + 1);
  std::set<std::string> owners;
  for (const auto& f : files) owners.insert(std::string(f.path).substr(0, std::string(f.path).find('/')));
  CHECK(owners == std::set<std::string>{"access", "activity", "forums", "mail", "partners", "projects", "surveys"});
  CHECK(all.front().name == "partner relations: organisations, contacts, relationships");  // as recorded since 1
}

namespace {
// Every connection of the pool at once (each lease holds one), so that each is inspected, not
// the first free one three times.
std::vector<store::ConnectionSettings> EveryPooledConnection(store::Database& db, std::size_t pool_size) {
  std::vector<std::unique_ptr<store::Lease>> leases;
  std::set<soci::session*> sessions;
  for (std::size_t i = 0; i < pool_size; ++i) {
    leases.push_back(std::make_unique<store::Lease>(db));
    REQUIRE(leases.back()->ok());
    sessions.insert(&leases.back()->session());
  }
  REQUIRE(sessions.size() == pool_size);
  std::vector<store::ConnectionSettings> out;
  for (auto& lease : leases) out.push_back(store::InspectSession(lease->session(), db.dialect()));
  return out;
}
}  // namespace

TEST_CASE("every pooled SQLite connection runs in WAL mode with foreign keys and a busy timeout") {
  TestDatabase t(Backend::kSqlite, 3);
  for (const auto& settings : EveryPooledConnection(*t.db(), 3)) {
    CHECK(settings.journal_mode == "wal");
    CHECK(settings.foreign_keys);
    CHECK(settings.busy_timeout_ms == 5000);
    CHECK(settings.synchronous == 1);  // NORMAL, the default
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
  for (const auto& settings : EveryPooledConnection(**db, 3)) CHECK(settings.synchronous == 2);  // FULL
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
