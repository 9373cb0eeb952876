// MergePlan: a parsed plan onto a project's existing milestones.
#include <map>
#include <set>

#include "server/projects/milestone_schedule.h"
#include "server/projects/plan.h"

namespace kmhub::domain {

Expected<Plan> ParsePlan(PlanFormat format, std::string_view data) {
  switch (format) {
    case PlanFormat::kMspdi: return ParseMspdiPlan(data);
    case PlanFormat::kCsv: return ParseCsvPlan(data);
    case PlanFormat::kUnspecified: break;
  }
  Violations v;
  v.Add("format", "is required: PLAN_FORMAT_MSPDI (MS Project XML) or PLAN_FORMAT_CSV");
  return v.ToError("INVALID_PLAN_FORMAT");
}

Expected<MergedPlan> MergePlan(const store::Schedule& schedule, const Plan& plan) {
  MergedPlan merged;
  std::map<std::string, std::int64_t> ids;  // external id -> milestone id (or placeholder)
  std::map<std::string, const store::MilestoneRecord*> existing;
  for (const auto& m : schedule.milestones)
    if (!m.external_id.empty()) existing[m.external_id] = &m;

  std::set<std::string> seen;
  std::int64_t placeholder = 0;
  for (const auto& t : plan.tasks) {
    if (!seen.insert(t.external_id).second)
      return InvalidArgument("MALFORMED_PLAN", "line " + std::to_string(t.line) + ": task " + t.external_id + " appears twice",
                             {{"data", "line " + std::to_string(t.line) + ": duplicate task id"}});
    ids[t.external_id] = existing.count(t.external_id) ? existing[t.external_id]->id : --placeholder;
  }
  std::set<std::int64_t> touched;
  for (const auto& t : plan.tasks) {
    store::MilestoneRecord m;
    if (const auto it = existing.find(t.external_id); it != existing.end()) {
      m = *it->second;  // keeps the owner and revision
      ++merged.updated;
    } else {
      ++merged.created;
    }
    m.id = ids[t.external_id];
    m.project_id = schedule.project_id;
    m.title = t.title;
    m.start_date = t.start;
    m.due = t.due;
    m.baseline_due = t.baseline_due;
    m.completed = t.completed;
    m.percent_complete = t.percent_complete;
    m.external_id = t.external_id;
    m.predecessor_ids.clear();
    const std::string where = "line " + std::to_string(t.line) + ": ";
    for (const auto& p : t.predecessor_external_ids) {
      const auto it = ids.find(p);
      if (it == ids.end())
        return InvalidArgument("MALFORMED_PLAN", where + "'" + t.title + "' follows " + p + ", which is not in the plan",
                               {{"data", where + "unknown predecessor " + p}});
      m.predecessor_ids.push_back(it->second);
    }
    KMHUB_TRY(NormaliseMilestone(m, where));
    touched.insert(m.id);
    merged.milestones.push_back(std::move(m));
  }
  // The schedule after the import: untouched milestones plus the plan's.
  std::vector<store::MilestoneRecord> after;
  for (const auto& m : schedule.milestones)
    if (!touched.count(m.id)) after.push_back(m);
  after.insert(after.end(), merged.milestones.begin(), merged.milestones.end());
  KMHUB_TRY(CheckSchedule(after));
  return merged;
}

}  // namespace kmhub::domain
