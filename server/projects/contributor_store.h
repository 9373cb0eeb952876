#pragma once
// A project's contributors (projects/README.md): the contacts who posted in forum threads
// linked to it, and those named on it — its lead and the authors of its status updates — with
// their counts and first and last contribution. Three grouped queries, whatever the project's size.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/platform/db/database.h"
#include "shared/error.h"

namespace kmhub::store {

struct ContributorRecord {
  std::int64_t contact_id = 0, organisation_id = 0;
  std::string display_name, job_title, organisation_name;
  int clinical_role = 0;
  bool lead = false;
  long long posts = 0, updates = 0;
  std::int64_t first_micros = 0, last_micros = 0;  // 0: no post or update
};

class ContributorStore {
 public:
  explicit ContributorStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}
  // Most posts and updates first, then by name. NOT_FOUND PROJECT_NOT_FOUND.
  Expected<std::vector<ContributorRecord>> ForProject(const std::string& project_code);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
