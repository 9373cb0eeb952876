#pragma once
// The address book: contacts belong to one organisation.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/platform/db/database.h"
#include "server/platform/db/page.h"
#include "server/partners/records.h"
#include "shared/error.h"

namespace kmhub::store {

enum class ContactOrder { kDisplayName, kFamilyName, kCreateTime };

struct ContactQuery {
  std::int64_t organisation_id = 0;  // 0: the whole address book
  int clinical_role = 0;             // 0: any
  std::string name_prefix;
  ContactOrder order = ContactOrder::kDisplayName;
  bool descending = false;
  PagePosition position;
};

struct ContactImportResult {
  int created = 0;
  int updated = 0;
  std::vector<ContactRecord> contacts;  // as stored (or as they would be, on a dry run)
  bool replayed = false;                // the answer to an earlier import of the same request id
};

class ContactStore {
 public:
  explicit ContactStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  Expected<ContactRecord> Create(const ContactRecord& contact, const std::string& request_id);
  Expected<ContactRecord> Get(std::int64_t organisation_id, std::int64_t id);
  Expected<Page<ContactRecord>> List(const ContactQuery& query);
  Expected<ContactRecord> Update(const ContactRecord& contact, std::int64_t expected_revision);
  Outcome Delete(std::int64_t organisation_id, std::int64_t id, std::int64_t expected_revision);
  // All or nothing, in one transaction: a contact whose vcard_uid (else first e-mail) matches one
  // of the organisation's is updated, the rest are created, so a re-import creates
  // nothing twice. A dry run rolls back. A `request_id` seen before returns that import's answer
  // (its counts and its contacts as they are now), marked `replayed`, and writes nothing.
  Expected<ContactImportResult> Import(std::int64_t organisation_id, const std::vector<ContactRecord>& contacts,
                                       bool dry_run, const std::string& request_id = "");
  // Up to `limit` contacts, for export.
  Expected<std::vector<ContactRecord>> All(std::int64_t organisation_id, int clinical_role, int limit);

  // A page of an export: contacts in (organisation, display-name sort key, id) order after
  // `after`, at most `limit`; `after` is then moved to the last one returned, and `more` says
  // whether any follow it.
  struct ExportPosition {
    std::int64_t organisation_id = 0;
    std::string sort_key;
    std::int64_t id = 0;  // 0: from the start
  };
  Expected<std::vector<ContactRecord>> ExportPage(std::int64_t organisation_id, int clinical_role,
                                                  ExportPosition& after, int limit, bool& more);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
