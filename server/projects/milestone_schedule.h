#pragma once
// Milestones and their schedule (projects/README.md): derived slippage, overdue and
// due-soon flags, the rules for predecessors, and the critical path.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/projects/records.h"
#include "shared/civil_date.h"
#include "shared/error.h"

namespace kmhub::domain {

inline constexpr int kDueSoonDays = 14;

// Derived on every read, never stored (they change with the date).
struct MilestoneTimings {
  int slippage_days = 0;  // due - baseline
  bool overdue = false;   // due date passed, not completed
  int days_overdue = 0;
  bool due_soon = false;  // not completed, due within the next 14 days (today included)
};
MilestoneTimings Timings(const store::MilestoneRecord& milestone, CivilDate today);

// The overdue rule, written once: not completed and due before `today` (ISO dates, so that the
// comparison of their text is the comparison of the dates). The store's listing asks the same
// in SQL (project_store.cpp, kOverdueCondition); tests hold the two to the same answers.
bool IsOverdue(const store::MilestoneRecord& milestone, std::string_view today);

// Whole days from `from` to `to` (negative when `to` is earlier).
int DaysBetween(CivilDate from, CivilDate to);

// Trims and validates one milestone; an empty baseline takes the due date.
Outcome NormaliseMilestone(store::MilestoneRecord& milestone, const std::string& prefix = "milestone.");

// The fields an update mask may name, and copying them from a patch.
const std::vector<std::string>& MilestoneUpdatableFields();
void ApplyMilestonePatch(store::MilestoneRecord& target, const store::MilestoneRecord& patch,
                         const std::vector<std::string>& paths);

// Checks the project's milestones as a whole, after a change: predecessors exist in the
// project, there is no cycle (MILESTONE_CYCLE), and nothing is completed before one of its
// predecessors (COMPLETED_BEFORE_PREDECESSOR). A cycle is reported starting from the last
// milestone of the list (put the changed one there).
Outcome CheckSchedule(const std::vector<store::MilestoneRecord>& milestones);

// Every problem CheckSchedule would report first (a cycle only once the predecessors exist):
// the milestone it is about, the other milestone involved (0 for none), the field, the error.
struct ScheduleProblem {
  std::int64_t milestone_id = 0;
  std::int64_t other_id = 0;
  std::string field;
  Error error;
};
std::vector<ScheduleProblem> FindScheduleProblems(const std::vector<store::MilestoneRecord>& milestones);

// The critical path: the chain of links that decides when the last milestone can finish, by a
// forward pass over each milestone's duration in days (due - start; 0 for a point milestone) and
// its links' types and lags (milestone_links.h). Of equal finishes, the longer chain wins, so a
// point milestone that closes the plan ends its path. total_days: from the earliest start to that
// finish.
struct CriticalPath {
  std::vector<std::int64_t> milestone_ids;
  int total_days = 0;
};
CriticalPath ComputeCriticalPath(const std::vector<store::MilestoneRecord>& milestones);

}  // namespace kmhub::domain
