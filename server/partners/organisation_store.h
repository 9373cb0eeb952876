#pragma once
// Organisations: the partners of the commissioner.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/platform/db/database.h"
#include "server/platform/db/page.h"
#include "server/partners/records.h"
#include "server/platform/rules/import_file.h"
#include "shared/error.h"

namespace kmhub::store {

enum class OrganisationOrder { kDisplayName, kOdsCode, kCreateTime };

struct OrganisationQuery {
  int kind = 0;             // 0: any
  std::int64_t only_id = 0;  // 0: any; else just this organisation (a scoped caller's view)
  std::string tag;          // "": any
  std::string name_prefix;  // case-insensitive
  OrganisationOrder order = OrganisationOrder::kDisplayName;
  bool descending = false;
  PagePosition position;
};

struct DeleteOrganisationOptions {
  bool force = false;                 // delete contacts and relationships too
  std::int64_t expected_revision = 0; // 0: any
};

class OrganisationStore {
 public:
  explicit OrganisationStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  // With a request_id seen before, returns the organisation that request created.
  Expected<OrganisationRecord> Create(const OrganisationRecord& organisation, const std::string& request_id);
  Expected<OrganisationRecord> Get(std::int64_t id);
  // Display names of the organisations among `ids` that exist, in one query (a listing that
  // names the organisations of its rows reads them together, not one by one).
  Expected<std::map<std::int64_t, std::string>> DisplayNames(const std::vector<std::int64_t>& ids);
  Expected<OrganisationRecord> FindByOdsCode(const std::string& ods_code);
  // For file imports: an ODS code's organisation id, none when no organisation has it (the
  // import reports the row) or the database cannot say (then the import fails when it writes).
  domain::OdsLookup OdsLookup();
  Expected<Page<OrganisationRecord>> List(const OrganisationQuery& query);
  // Writes every field of `organisation` when its stored revision is still `expected_revision`.
  Expected<OrganisationRecord> Update(const OrganisationRecord& organisation, std::int64_t expected_revision);
  Outcome Delete(std::int64_t id, const DeleteOrganisationOptions& options);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
