#pragma once
// Loads the demo data set through the stores, once per database.

#include <memory>

#include "server/platform/db/database.h"
#include "shared/error.h"

namespace kmhub::server {

// Returns true when the data was loaded now, false when this database already had it.
Expected<bool> LoadDemoData(std::shared_ptr<store::Database> db);

}  // namespace kmhub::server
