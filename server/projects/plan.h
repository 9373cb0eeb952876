#pragma once
// A project plan read from a file (MS Project XML or kmhub's CSV), and how it merges into a
// project's milestones: a task whose external id ("mspdi:UID", "csv:ID") matches a milestone
// updates it, the others are added, so re-importing the same plan changes nothing twice.

#include <string>
#include <string_view>
#include <vector>

#include "server/platform/rules/import_file.h"
#include "server/projects/records.h"
#include "shared/error.h"

namespace kmhub::domain {

inline constexpr std::size_t kMaxPlanTasks = 5000;

// A link to a predecessor task of the same file, with its type and lag (milestone_links.h).
struct PlanLink {
  std::string external_id;
  store::LinkTiming timing;
  bool operator==(const PlanLink&) const = default;
};

struct PlanTask {
  int line = 0;  // where the task is in the file, for error messages
  std::string external_id;
  std::string title;
  std::string start;  // "" for a point milestone
  std::string due;
  std::string baseline_due;
  std::string completed;
  int percent_complete = 0;
  std::vector<PlanLink> predecessors;
};

struct Plan {
  std::vector<PlanTask> tasks;
  std::vector<std::string> warnings;  // what was read but left out, and why
  // Every problem of the file, each with its line: a task with a problem is left out of `tasks`,
  // and MergePlan refuses a plan that has any, so that one import reports them all.
  std::vector<ImportProblem> problems;
  // External ids of the tasks left out for a problem: links to them are not problems of their own.
  std::vector<std::string> left_out;
};

// Microsoft Project XML (MSPDI). Summary tasks and the project summary task (UID 0) are left
// out (with a warning for links to them); milestones become point milestones; the baseline is
// Baseline 0; a task at 100% is completed on its ActualFinish (else its Finish). Links keep their
// type (<Type>: 0 FF, 1 FS, 2 SF, 3 SS) and lag (<LinkLag> in tenths of a minute, a working day
// being the project's <MinutesPerDay>, else 480, and an elapsed one 24 hours; rounded to whole
// days); a lag given as a percentage of the predecessor's duration is a problem. An error (rather
// than problems) only when the file is not an MSPDI file at all.
Expected<Plan> ParseMspdiPlan(std::string_view xml);

// CSV with a header row: id,title,start,due,baseline_due,completed,percent_complete,predecessors
// (predecessors: ids separated by ';', each as MS Project writes them: "3", "3SS", "3FS+2d");
// id, title and due are required, the rest may be empty. An error only for the header.
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

// Validates every task and the resulting schedule as a whole (cycles, a task completed before
// its predecessor). INVALID_ARGUMENT MALFORMED_PLAN listing every problem, the file's own and
// these, each with its line (ProblemsInFile), when there is any.
Expected<MergedPlan> MergePlan(const store::Schedule& schedule, const Plan& plan);

}  // namespace kmhub::domain
