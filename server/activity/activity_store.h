#pragma once
// Patient activity: the procedure catalogue with tariffs per financial year, and aggregate
// activity per (organisation, procedure, month). Sums are computed in SQL, never by loading
// rows into C++.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/platform/db/database.h"
#include "server/activity/records.h"
#include "shared/error.h"
#include "shared/month.h"

namespace kmhub::store {

// What an activity import did. A retry with the request id of an import already written is
// answered with that import's figures (`replayed`), not "every row replaced".
struct ActivityImportResult {
  std::int64_t replaced = 0;  // rows that replaced figures already stored
  bool replayed = false;
};

// What ListActivity sums: an organisation and a procedure (0 / "" for all), months [from, to].
struct ActivityFilter {
  std::int64_t organisation_id = 0;
  std::string procedure_code;
  std::optional<Month> from, to;
};

enum class ActivityGroup { kMonth, kProcedure, kOrganisation };

// One group's sums; `key` is the month or procedure code, `organisation_id` the organisation.
struct ActivityTotalRecord {
  std::string key;
  std::int64_t organisation_id = 0;
  std::int64_t procedures = 0;
  std::int64_t cost_pence = 0;
};

class ActivityStore {
 public:
  explicit ActivityStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  // Adds or replaces procedures and their tariffs, in one transaction.
  Outcome UpsertProcedures(const std::vector<ProcedureRecord>& procedures);
  // The catalogue entries among `codes` (all when empty), with their tariffs.
  Expected<std::vector<ProcedureRecord>> Procedures(const std::vector<std::string>& codes);

  // Writes rows in one transaction; a row for an (organisation, procedure, month) already
  // stored replaces it, so re-importing a file changes nothing. A dry run rolls back.
  // A request id already logged for an activity import is answered from the log.
  Expected<ActivityImportResult> ReplaceActivity(const std::vector<ActivityRecord>& rows, bool dry_run,
                                                 const std::string& request_id = "");

  // The groups after `after_key` / `after_organisation` (keyset paging), up to `limit` + 1 (the
  // extra one says there is more), summed in SQL.
  Expected<std::vector<ActivityTotalRecord>> Totals(const ActivityFilter& filter, ActivityGroup group,
                                                    const std::string& after_key, std::int64_t after_organisation,
                                                    int limit);
  // Σ over everything the filter matches.
  Expected<ActivityTotalRecord> GrandTotal(const ActivityFilter& filter);
  // Catalogue entries after `after_code`, up to `limit` + 1, with their tariffs (only those of
  // `financial_year`, and only codes that have one, when it is not 0).
  Expected<std::vector<ProcedureRecord>> ProcedurePage(const std::string& after_code, int financial_year, int limit);

  // Σ procedures and Σ cost per month within [from, to], for the scope; months without rows
  // are absent.
  Expected<std::vector<MonthlyActivity>> MonthlyTotals(const ActivityScope& scope, Month from, Month to);
  // The latest month with any activity in the scope, if any.
  Expected<std::optional<Month>> LatestMonth(const ActivityScope& scope);

  // Σ procedures and Σ cost per month (all months) for each project's scope, keyed by project
  // id, read from the per-project roll-ups. A roll-up whose scope changed, or whose
  // organisations had activity imported since it was built, is rebuilt first (in SQL, one
  // statement per project, all in one transaction): the first call after a large import pays
  // for the sums, later ones only read them.
  Expected<std::map<std::int64_t, std::vector<MonthlyActivity>>> ProjectMonthlyTotals(
      const std::vector<ProjectScope>& projects);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
