// The schema as the release of 2026-12-07 made it (migrations 1 to 11), pinned before the
// server's code moved into one folder per capability. Released migrations are never edited: a
// new database migrated up to that release's version has its schema object for object, on
// SQLite (sqlite_master) and on PostgreSQL (pg_dump --schema-only). A file that release made
// takes the migrations since, reads back, and ends with the schema a new database gets, so that
// upgraded and new installations agree. (KMHUB_WRITE_SCHEMA_FIXTURE=1 rewrites the PostgreSQL
// fixture; only for pinning a new release.)

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sstream>

#include "server/platform/db/migrations.h"
#include "server/access/token_store.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

constexpr int kReleaseVersion = 11;  // the last migration of the 2026-12-07 release
const std::string kFixtures = std::string(KMHUB_TEST_FIXTURES_DIR) + "/schema/";

// Every schema object of a SQLite file, one line each, in a stable order. The file must exist
// (SQLite would make an empty one).
std::string SqliteSchema(const std::string& path) {
  REQUIRE(std::filesystem::file_size(path) > 0);
  soci::session s(soci::sqlite3, "db=" + path);
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master ORDER BY type, name");
  std::string out;
  for (const auto& r : rows)
    out += r.get<std::string>(0) + " " + r.get<std::string>(1) + " on " + r.get<std::string>(2) + ": " +
           r.get<std::string>(3) + "\n";
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// pg_dump --schema-only of one schema, without its comments, settings, session guards and blank lines, with the
// schema's (generated) name written as "kmhub".
std::string PostgresSchema(const std::string& base_url, const std::string& schema) {
  const std::string command = "pg_dump --schema-only --no-owner --no-privileges --schema=" + schema + " '" + base_url + "'";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::string dump;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) dump.append(buffer, n);
  REQUIRE(pclose(pipe) == 0);
  std::istringstream lines(dump);
  std::string out;
  for (std::string line; std::getline(lines, line);) {
    // Newer pg_dump brackets its output in \restrict KEY ... \unrestrict KEY, a key drawn anew each run.
    if (line.empty() || line.rfind("--", 0) == 0 || line.rfind("SET ", 0) == 0 ||
        line.rfind("SELECT pg_catalog.set_config", 0) == 0 || line.rfind("\\restrict", 0) == 0 ||
        line.rfind("\\unrestrict", 0) == 0)
      continue;
    for (std::size_t at; (at = line.find(schema)) != std::string::npos;) line.replace(at, schema.size(), "kmhub");
    out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("schema pin: a SQLite file made by the 2026-12-07 release takes the migrations since, reads back, and has a new database's schema") {
  TempDir dir;
  REQUIRE(std::filesystem::file_size(kFixtures + "kmhub-2026-12-07.db") > 0);
  const std::string copy = dir.path() + "/made-before.db";
  std::filesystem::copy_file(kFixtures + "kmhub-2026-12-07.db", copy);
  store::DatabaseOptions options;
  options.url = "sqlite:" + copy;
  options.pool_size = 1;
  auto db = store::Database::Open(options);
  REQUIRE(db);
  const auto migrated = store::Migrate(**db);
  REQUIRE(migrated);
  CHECK(*migrated == static_cast<int>(store::AllMigrations().size()) - kReleaseVersion);
  {
    store::TokenStore tokens(*db);
    const auto token = tokens.Get(1);
    REQUIRE(token);
    CHECK(token->display_name == "schema fixture");
  }
  db->reset();
  TestDatabase fresh(Backend::kSqlite, 1);
  const auto path = fresh.sqlite_path();
  fresh.CloseStore();
  CHECK(SqliteSchema(copy) == SqliteSchema(path));
}

TEST_CASE("schema pin: a new SQLite database migrated to the 2026-12-07 release has its schema, object for object") {
  TestDatabase fresh(Backend::kSqlite, 1, /*migrate=*/false);
  REQUIRE(store::Migrate(*fresh.db(), kReleaseVersion));
  const auto path = fresh.sqlite_path();
  fresh.CloseStore();
  CHECK(SqliteSchema(path) == SqliteSchema(kFixtures + "kmhub-2026-12-07.db"));
}

TEST_CASE("schema pin: a new PostgreSQL schema migrated to the 2026-12-07 release dumps as that release's did") {
  const char* base = std::getenv("KMHUB_TEST_POSTGRES_URL");
  REQUIRE(base != nullptr);  // ctest sets it; PostgreSQL's absence fails rather than skips
  TestDatabase fresh(Backend::kPostgres, 1, /*migrate=*/false);
  REQUIRE(store::Migrate(*fresh.db(), kReleaseVersion));
  const std::string url = fresh.url();
  const std::string schema = url.substr(url.rfind("%3D") + 3);
  const std::string dumped = PostgresSchema(base, schema);
  REQUIRE(dumped.find("CREATE TABLE kmhub.organisations") != std::string::npos);
  const std::string fixture = kFixtures + "postgresql-2026-12-07.sql";
  if (std::getenv("KMHUB_WRITE_SCHEMA_FIXTURE") != nullptr) std::ofstream(fixture, std::ios::binary) << dumped;
  CHECK(dumped == ReadFile(fixture));
}
