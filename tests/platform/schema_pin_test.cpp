// The schema as the release of 2026-12-07 made it, pinned before the server's code is moved
// into one folder per capability: a database file that release made needs no migration and
// reads back, and a new database gets the same schema, on SQLite (sqlite_master) and on
// PostgreSQL (pg_dump --schema-only). Set KMHUB_WRITE_SCHEMA_FIXTURE=1 to write the PostgreSQL
// fixture anew after a deliberate schema change (a new migration), and say so in the commit.

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

TEST_CASE("schema pin: a SQLite file made by the 2026-12-07 release needs no migration and reads back") {
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
  CHECK(*migrated == 0);
  store::TokenStore tokens(*db);
  const auto token = tokens.Get(1);
  REQUIRE(token);
  CHECK(token->display_name == "schema fixture");
}

TEST_CASE("schema pin: a new SQLite database has the schema of the 2026-12-07 release, object for object") {
  TestDatabase fresh(Backend::kSqlite, 1);
  const auto path = fresh.sqlite_path();
  fresh.CloseStore();
  CHECK(SqliteSchema(path) == SqliteSchema(kFixtures + "kmhub-2026-12-07.db"));
}

TEST_CASE("schema pin: a new PostgreSQL schema dumps as the 2026-12-07 release's did") {
  const char* base = std::getenv("KMHUB_TEST_POSTGRES_URL");
  if (base == nullptr) return;  // outside ctest: no server
  TestDatabase fresh(Backend::kPostgres, 1);
  const std::string url = fresh.url();
  const std::string schema = url.substr(url.rfind("%3D") + 3);
  const std::string dumped = PostgresSchema(base, schema);
  REQUIRE(dumped.find("CREATE TABLE kmhub.organisations") != std::string::npos);
  const std::string fixture = kFixtures + "postgresql-2026-12-07.sql";
  if (std::getenv("KMHUB_WRITE_SCHEMA_FIXTURE") != nullptr) std::ofstream(fixture, std::ios::binary) << dumped;
  CHECK(dumped == ReadFile(fixture));
}
