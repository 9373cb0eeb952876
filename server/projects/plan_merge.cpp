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
  std::vector<ImportProblem> problems = plan.problems;
  const std::set<std::string> left_out(plan.left_out.begin(), plan.left_out.end());
  std::map<std::string, std::int64_t> ids;  // external id -> milestone id (or placeholder)
  std::map<std::string, const store::MilestoneRecord*> existing;
  for (const auto& m : schedule.milestones)
    if (!m.external_id.empty()) existing[m.external_id] = &m;

  std::int64_t placeholder = 0;
  std::set<std::string> twice;
  for (const auto& t : plan.tasks) {
    if (ids.count(t.external_id)) {
      problems.push_back({t.line, "id", "task " + t.external_id + " appears twice"});
      twice.insert(t.external_id);
      continue;
    }
    ids[t.external_id] = existing.count(t.external_id) ? existing[t.external_id]->id : --placeholder;
  }
  std::map<std::int64_t, int> lines;  // milestone id -> the line of its task
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
    if (touched.count(m.id)) continue;  // the second of a duplicate, reported above
    m.project_id = schedule.project_id;
    m.title = t.title;
    m.start_date = t.start;
    m.due = t.due;
    m.baseline_due = t.baseline_due;
    m.completed = t.completed;
    m.percent_complete = t.percent_complete;
    m.external_id = t.external_id;
    m.predecessor_ids.clear();
    m.link_timings.clear();
    for (const auto& p : t.predecessors) {
      const auto it = ids.find(p.external_id);
      if (it == ids.end()) {
        if (!left_out.count(p.external_id))  // a task with its own problem is not a second one
          problems.push_back({t.line, "predecessors", "'" + t.title + "' follows " + p.external_id +
                                                          ", which is not in the plan"});
        continue;
      }
      m.predecessor_ids.push_back(it->second);
      if (p.timing != store::LinkTiming{}) m.link_timings[it->second] = p.timing;
    }
    if (auto normalised = NormaliseMilestone(m, ""); !normalised)
      for (const auto& v : normalised.error().violations) problems.push_back({t.line, v.field, v.description});
    lines[m.id] = t.line;
    touched.insert(m.id);
    merged.milestones.push_back(std::move(m));
  }
  if (!problems.empty()) return ProblemsInFile("MALFORMED_PLAN", problems);

  // The schedule after the import: untouched milestones plus the plan's. A problem is placed on
  // the line of the task it is about, else of the other task involved.
  std::vector<store::MilestoneRecord> after;
  for (const auto& m : schedule.milestones)
    if (!touched.count(m.id)) after.push_back(m);
  after.insert(after.end(), merged.milestones.begin(), merged.milestones.end());
  for (const auto& p : FindScheduleProblems(after)) {
    const int line = lines.count(p.milestone_id) ? lines[p.milestone_id] : lines.count(p.other_id) ? lines[p.other_id] : 0;
    problems.push_back({line, p.field, p.error.message});
  }
  if (!problems.empty()) return ProblemsInFile("MALFORMED_PLAN", problems);
  return merged;
}

}  // namespace kmhub::domain
