#pragma once
// Small key/value facts about the database itself (e.g. which demo data set was loaded).

#include <memory>
#include <optional>
#include <string>

#include "server/platform/db/database.h"
#include "shared/error.h"

namespace kmhub::store {

class SettingsStore {
 public:
  explicit SettingsStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}
  Expected<std::optional<std::string>> Get(const std::string& key);
  Outcome Put(const std::string& key, const std::string& value);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
