#pragma once
// Typed, dated relationships between two organisations.

#include <cstdint>
#include <memory>
#include <string>

#include "server/platform/db/database.h"
#include "server/platform/db/page.h"
#include "server/partners/records.h"
#include "shared/error.h"

namespace kmhub::store {

struct RelationshipQuery {
  std::int64_t organisation_id = 0;  // either side; 0: any
  int type = 0;
  std::string active_on;  // YYYY-MM-DD or ""
  PagePosition position;  // ordered by id
};

class RelationshipStore {
 public:
  explicit RelationshipStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  Expected<RelationshipRecord> Create(const RelationshipRecord& relationship, const std::string& request_id);
  Expected<RelationshipRecord> Get(std::int64_t id);
  Expected<Page<RelationshipRecord>> List(const RelationshipQuery& query);
  // Every (organisation, related organisation) pair of relationships of one type, in one
  // query (e.g. all consortium memberships, for a hub-wide calculation).
  Expected<std::vector<std::pair<std::int64_t, std::int64_t>>> PairsOfType(int type);
  Expected<RelationshipRecord> Update(const RelationshipRecord& relationship, std::int64_t expected_revision);
  Outcome Delete(std::int64_t id, std::int64_t expected_revision);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
