#pragma once
// A project plan read from a file (MS Project XML or kmhub's CSV), and how it merges into a
// project's milestones: a task whose external id ("mspdi:UID", "csv:ID") matches a milestone
// updates it, the others are added, so re-importing the same plan changes nothing twice.

#include <string>
#include <string_view>
#include <vector>

#include "server/projects/records.h"
#include "shared/error.h"

namespace kmhub::domain {

inline constexpr std::size_t kMaxPlanTasks = 5000;

struct PlanTask {
  int line = 0;  // where the task is in the file, for error messages
  std::string external_id;
  std::string title;
  std::string start;  // "" for a point milestone
  std::string due;
  std::string baseline_due;
  std::string completed;
  int percent_complete = 0;
  std::vector<std::string> predecessor_external_ids;
};

struct Plan {
  std::vector<PlanTask> tasks;
  std::vector<std::string> warnings;  // what was read but left out, and why
};

// Microsoft Project XML (MSPDI). Summary tasks and the project summary task (UID 0) are left
// out (with a warning for links to them); milestones become point milestones; the baseline is
// Baseline 0; a task at 100% is completed on its ActualFinish (else its Finish).
Expected<Plan> ParseMspdiPlan(std::string_view xml);

// CSV with a header row: id,title,start,due,baseline_due,completed,percent_complete,predecessors
// (predecessors: ids separated by ';'); id, title and due are required, the rest may be empty.
Expected<Plan> ParseCsvPlan(std::string_view csv);

enum class PlanFormat { kUnspecified = 0, kMspdi = 1, kCsv = 2 };  // kmhub.v1.PlanFormat

// Reads a plan in the given format; an unspecified format is INVALID_ARGUMENT on "format".
Expected<Plan> ParsePlan(PlanFormat format, std::string_view data);

struct MergedPlan {
  // Milestones to write: existing ids for updates, negative placeholder ids for new ones
  // (predecessor_ids may refer to placeholders).
  std::vector<store::MilestoneRecord> milestones;
  int created = 0;
  int updated = 0;
};

// Validates every task (errors name the line) and the resulting schedule as a whole.
Expected<MergedPlan> MergePlan(const store::Schedule& schedule, const Plan& plan);

}  // namespace kmhub::domain
