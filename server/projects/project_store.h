#pragma once
// Projects of the PBC database, with their partners, milestones and status updates.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/platform/db/database.h"
#include "server/platform/db/page.h"
#include "server/projects/records.h"
#include "shared/error.h"

namespace kmhub::store {

struct ProjectWithFacts {
  ProjectRecord project;
  RagFacts facts;
};

struct ProjectQuery {
  std::int64_t consortium_id = 0;
  int state = 0;
  std::int64_t partner_id = 0;
  std::int64_t involving_id = 0;  // consortium or partner: a scoped caller's view
  std::string active_from;  // planned period overlaps [from, to]
  std::string active_to;
  std::string today;        // for the RAG facts
  PagePosition position;    // ordered by code
};

// Everything the status query needs, read on one connection.
struct ProjectStatusSnapshot {
  ProjectWithFacts project;
  std::vector<MilestoneRecord> milestones;  // by due date
  std::optional<StatusUpdateRecord> latest_update;
  int contributors = 0;
};

// What a plan import did: its counts are the merge's, logged with the request id so that a
// retry gets them again (and the milestones as they are now) instead of "0 created, N updated".
struct PlanImportCounts {
  int created = 0;
  int updated = 0;
};

struct AppliedPlan {
  std::vector<MilestoneRecord> milestones;  // the project's, by due date
  PlanImportCounts counts;
  bool replayed = false;  // a retry: nothing was written
};

class ProjectStore {
 public:
  explicit ProjectStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  Expected<ProjectRecord> Create(const ProjectRecord& project, const std::string& request_id);
  Expected<ProjectRecord> Get(const std::string& code);
  Expected<ProjectWithFacts> GetWithFacts(const std::string& code, const std::string& today);
  // The facts carry what the rating needs; the reasons' wording (update date, overdue count)
  // is left out for speed — ask GetWithFacts or StatusSnapshot for those.
  Expected<Page<ProjectWithFacts>> List(const ProjectQuery& query);
  // Every project (optionally of one consortium) with its facts, for the portfolio.
  Expected<std::vector<ProjectWithFacts>> All(std::int64_t consortium_id, const std::string& today,
                                              std::int64_t involving_id = 0);
  // The same projects as records only, without the RAG facts (for calculations such as the
  // ROI ranking that need the dates and scope, not the rating).
  Expected<std::vector<ProjectRecord>> Records(std::int64_t consortium_id, std::int64_t involving_id = 0);
  // The consortium and partner organisations of a project (what an organisation scope covers).
  Expected<std::vector<std::int64_t>> InvolvedOrganisations(const std::string& code);
  Expected<ProjectRecord> Update(const ProjectRecord& project, std::int64_t expected_revision);
  Outcome Delete(const std::string& code, std::int64_t expected_revision);

  Expected<Schedule> GetSchedule(const std::string& code);
  // Writes one milestone (id 0: new) if the schedule is still at `expected_revision`;
  // ABORTED otherwise, so that two concurrent edits cannot together form a cycle.
  Expected<MilestoneRecord> SaveMilestone(const MilestoneRecord& milestone, std::int64_t expected_revision,
                                          const std::string& request_id);
  // Writes a merged plan in one transaction if the schedule is still at `expected_revision`:
  // milestones with negative (placeholder) ids are created, the others updated, and
  // predecessor placeholders resolved. A dry run rolls back. A request id already logged for
  // a plan import is answered from the log, writing nothing.
  Expected<AppliedPlan> ApplyPlan(std::int64_t project_id, std::int64_t expected_revision,
                                  const std::vector<MilestoneRecord>& milestones, PlanImportCounts counts,
                                  bool dry_run, const std::string& request_id);
  // Removes a milestone and every predecessor link to it.
  Outcome DeleteMilestone(std::int64_t project_id, std::int64_t milestone_id, std::int64_t expected_revision);

  Expected<StatusUpdateRecord> AddStatusUpdate(const StatusUpdateRecord& update, const std::string& request_id);
  Expected<Page<StatusUpdateRecord>> ListStatusUpdates(std::int64_t project_id, const PagePosition& position);
  Expected<std::optional<StatusUpdateRecord>> LatestStatusUpdate(std::int64_t project_id);
  // The project with its RAG facts and partners, its schedule, latest update and contributor
  // count: a fixed number of queries (four, in one read transaction) whatever the project's size.
  Expected<ProjectStatusSnapshot> StatusSnapshot(const std::string& code, const std::string& today);
  // Distinct contacts named on the project: its lead and the authors of its updates.
  Expected<int> ContributorCount(std::int64_t project_id);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
