#pragma once
// Versioned schema migrations, applied at start-up in order, one transaction each, and
// recorded in schema_migrations so that a second start changes nothing.

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "server/platform/db/database.h"
#include "shared/error.h"

namespace kmhub::store {

struct Migration {
  int version;
  std::string name;
  std::vector<std::string> statements;  // with dialect placeholders (server/platform/README.md)
};

// A migration file as embedded at build time: its path under server/ and its text.
struct MigrationFile {
  const char* path;  // "projects/migrations/0002_projects.sql"
  std::string_view text;
};
// Every server/*/migrations/*.sql, embedded by CMake (server/platform/db/embed_migrations.cmake).
const std::vector<MigrationFile>& EmbeddedMigrationFiles();

// A file's version (from its name), name (from its first line, "-- Migration 7: <name>") and
// statements. INVALID_ARGUMENT BAD_MIGRATION_FILE for a file that does not read.
Expected<Migration> ReadMigrationFile(std::string_view path, std::string_view text);

// Every migration, in version order, read from the embedded files.
const std::vector<Migration>& AllMigrations();

// Applies every migration not yet recorded (up to `up_to_version`: tests that rebuild an older
// release's schema); returns how many were applied.
Expected<int> Migrate(Database& db, int up_to_version = std::numeric_limits<int>::max());

// The highest applied version (0 for an empty database).
Expected<int> SchemaVersion(Database& db);

}  // namespace kmhub::store
