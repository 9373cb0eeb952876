#pragma once
// Versioned schema migrations, applied at start-up in order, one transaction each, and
// recorded in schema_migrations so that a second start changes nothing.

#include <string>
#include <vector>

#include "server/platform/db/database.h"
#include "shared/error.h"

namespace kmhub::store {

struct Migration {
  int version;
  std::string name;
  std::vector<std::string> statements;  // with dialect placeholders, see migrations.cpp
};

const std::vector<Migration>& AllMigrations();

// Applies every migration not yet recorded; returns how many were applied.
Expected<int> Migrate(Database& db);

// The highest applied version (0 for an empty database).
Expected<int> SchemaVersion(Database& db);

}  // namespace kmhub::store
