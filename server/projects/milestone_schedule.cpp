#include "server/projects/milestone_schedule.h"

#include <algorithm>
#include <functional>
#include <map>

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

namespace {

std::string Quoted(const store::MilestoneRecord& m) { return "'" + m.title + "'"; }

int Duration(const store::MilestoneRecord& m) {
  const auto start = CivilDate::Parse(m.start_date), due = CivilDate::Parse(m.due);
  return start && due ? std::max(0, DaysBetween(*start, *due)) : 0;
}

}  // namespace

int DaysBetween(CivilDate from, CivilDate to) { return static_cast<int>((to.days() - from.days()).count()); }

bool IsOverdue(const store::MilestoneRecord& m, std::string_view today) {
  return m.completed.empty() && !m.due.empty() && m.due < today;
}

MilestoneTimings Timings(const store::MilestoneRecord& m, CivilDate today) {
  MilestoneTimings t;
  const auto due = CivilDate::Parse(m.due), baseline = CivilDate::Parse(m.baseline_due);
  if (due && baseline) t.slippage_days = DaysBetween(*baseline, *due);
  if (due && m.completed.empty()) {
    const int until_due = DaysBetween(today, *due);
    t.overdue = IsOverdue(m, today.ToString());
    t.days_overdue = t.overdue ? -until_due : 0;
    t.due_soon = until_due >= 0 && until_due <= kDueSoonDays;
  }
  return t;
}

Outcome NormaliseMilestone(store::MilestoneRecord& m, const std::string& prefix) {
  m.title = Trim(m.title);
  m.start_date = Trim(m.start_date);
  m.due = Trim(m.due);
  m.baseline_due = Trim(m.baseline_due);
  m.completed = Trim(m.completed);
  // A baseline left out takes the due date, whose own problem is then the only one reported.
  const bool baseline_given = !m.baseline_due.empty();
  if (!baseline_given) m.baseline_due = m.due;
  Violations v;
  CheckText(v, prefix + "title", m.title, 1, kMaxNameLength);
  const auto due = CivilDate::Parse(m.due);
  if (m.due.empty())
    v.Add(prefix + "due_date", "is required, as YYYY-MM-DD");
  else if (!due)
    v.Add(prefix + "due_date", DateProblem(m.due));
  if (baseline_given && !CivilDate::Parse(m.baseline_due))
    v.Add(prefix + "baseline_due_date", DateProblem(m.baseline_due));
  if (!m.start_date.empty()) {
    const auto start = CivilDate::Parse(m.start_date);
    if (!start)
      v.Add(prefix + "start_date", DateProblem(m.start_date));
    else if (due && *due < *start)
      v.Add(prefix + "due_date", "must not be before start_date " + m.start_date);
  }
  if (!m.completed.empty() && !CivilDate::Parse(m.completed))
    v.Add(prefix + "completion_date", DateProblem(m.completed));
  if (m.percent_complete < 0 || m.percent_complete > 100) v.Add(prefix + "percent_complete", "must be 0 to 100");
  if (!m.completed.empty()) m.percent_complete = 100;
  if (m.predecessor_ids.size() > 100) v.Add(prefix + "predecessors", "at most 100 predecessors");
  if (std::find(m.predecessor_ids.begin(), m.predecessor_ids.end(), m.id) != m.predecessor_ids.end() && m.id != 0)
    v.Add(prefix + "predecessors", "a milestone cannot be its own predecessor");
  if (!v.empty()) return v.ToError("INVALID_MILESTONE");
  return Ok{};
}

const std::vector<std::string>& MilestoneUpdatableFields() {
  static const std::vector<std::string> fields = {"title",    "owner_organisation", "start_date",
                                                  "baseline_due_date", "due_date", "completion_date",
                                                  "percent_complete", "predecessors"};
  return fields;
}

void ApplyMilestonePatch(store::MilestoneRecord& target, const store::MilestoneRecord& patch,
                         const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (path == "title") target.title = patch.title;
    if (path == "owner_organisation") target.owner_organisation_id = patch.owner_organisation_id;
    if (path == "start_date") target.start_date = patch.start_date;
    if (path == "baseline_due_date") target.baseline_due = patch.baseline_due;
    if (path == "due_date") target.due = patch.due;
    if (path == "completion_date") target.completed = patch.completed;
    if (path == "percent_complete") target.percent_complete = patch.percent_complete;
    if (path == "predecessors") target.predecessor_ids = patch.predecessor_ids;
  }
}

std::vector<ScheduleProblem> FindScheduleProblems(const std::vector<store::MilestoneRecord>& milestones) {
  std::vector<ScheduleProblem> problems;
  std::map<std::int64_t, const store::MilestoneRecord*> by_id;
  for (const auto& m : milestones) by_id[m.id] = &m;
  for (const auto& m : milestones) {
    for (auto p : m.predecessor_ids) {
      const auto found = by_id.find(p);
      if (found == by_id.end()) {
        problems.push_back({m.id, 0, "predecessors",
                            InvalidArgument("UNKNOWN_PREDECESSOR",
                                            "milestone " + Quoted(m) + " names predecessor " + std::to_string(p) +
                                                ", which is not a milestone of this project",
                                            {{"milestone.predecessors", "not a milestone of this project"}})});
        continue;
      }
      const auto& pred = *found->second;
      if (m.completed.empty()) continue;
      if (pred.completed.empty())
        problems.push_back({m.id, p, "completed",
                            FailedPrecondition("COMPLETED_BEFORE_PREDECESSOR",
                                               "milestone " + Quoted(m) + " cannot be complete while its predecessor " +
                                                   Quoted(pred) + " is not")});
      else if (*CivilDate::Parse(m.completed) < *CivilDate::Parse(pred.completed))
        problems.push_back({m.id, p, "completed",
                            FailedPrecondition("COMPLETED_BEFORE_PREDECESSOR",
                                               "milestone " + Quoted(m) + " cannot be completed on " + m.completed +
                                                   ", before its predecessor " + Quoted(pred) + " (completed " +
                                                   pred.completed + ")")});
    }
  }
  if (!problems.empty()) return problems;  // a cycle search needs every predecessor to exist
  // Depth-first search; a grey node met again closes a cycle, reported along its path.
  enum Colour { kWhite, kGrey, kBlack };
  std::map<std::int64_t, Colour> colour;
  std::vector<std::int64_t> path;
  std::string cycle;
  std::int64_t closing = 0;
  std::function<bool(std::int64_t)> visit = [&](std::int64_t id) {
    colour[id] = kGrey;
    path.push_back(id);
    for (auto p : by_id.at(id)->predecessor_ids) {
      if (colour[p] == kGrey) {
        const auto start = std::find(path.begin(), path.end(), p);
        for (auto it = start; it != path.end(); ++it) cycle += Quoted(*by_id.at(*it)) + " -> ";
        cycle += Quoted(*by_id.at(p));
        closing = p;
        return true;
      }
      if (colour[p] == kWhite && visit(p)) return true;
    }
    path.pop_back();
    colour[id] = kBlack;
    return false;
  };
  // Searched from the end of the list, where callers put the milestone being changed, so that
  // the cycle is told from its point of view.
  for (auto it = milestones.rbegin(); it != milestones.rend(); ++it) {
    const auto& m = *it;
    if (colour[m.id] == kWhite && visit(m.id)) {
      problems.push_back({m.id, closing, "predecessors",
                          InvalidArgument("MILESTONE_CYCLE",
                                          "these milestones would depend on each other in a cycle: " + cycle +
                                              "; remove one of the predecessor links",
                                          {{"milestone.predecessors", "would form a cycle: " + cycle}})});
      break;
    }
  }
  return problems;
}

Outcome CheckSchedule(const std::vector<store::MilestoneRecord>& milestones) {
  auto problems = FindScheduleProblems(milestones);
  if (problems.empty()) return Ok{};
  return std::move(problems.front().error);
}

CriticalPath ComputeCriticalPath(const std::vector<store::MilestoneRecord>& milestones) {
  // A forward pass in days (the critical path method): a milestone starts as early as its links
  // allow — finish-to-start after the predecessor's finish, start-to-start after its start,
  // finish-to-finish and start-to-finish so that it finishes then — each moved by the link's lag.
  // The path is traced back from the latest finish through the link that set each start.
  std::map<std::int64_t, const store::MilestoneRecord*> by_id;
  for (const auto& m : milestones) by_id[m.id] = &m;
  struct Early {
    int start = 0, finish = 0, steps = 1;
    std::int64_t driver = 0;  // the predecessor whose link sets the start; 0 for none
  };
  std::map<std::int64_t, Early> early;
  std::function<const Early&(std::int64_t)> pass = [&](std::int64_t id) -> const Early& {
    if (auto it = early.find(id); it != early.end()) return it->second;
    early[id] = {};  // guards against cycles, which CheckSchedule refuses anyway
    const auto& m = *by_id.at(id);
    const int duration = Duration(m);
    Early e;
    bool constrained = false;
    for (auto p : m.predecessor_ids) {
      if (!by_id.count(p)) continue;
      const Early pe = pass(p);
      const auto timing = m.link_timings.count(p) ? m.link_timings.at(p) : store::LinkTiming{};
      int start = 0;
      switch (timing.type) {
        case store::LinkType::kFinishToStart: start = pe.finish + timing.lag_days; break;
        case store::LinkType::kStartToStart: start = pe.start + timing.lag_days; break;
        case store::LinkType::kFinishToFinish: start = pe.finish + timing.lag_days - duration; break;
        case store::LinkType::kStartToFinish: start = pe.start + timing.lag_days - duration; break;
      }
      // Ties go to the longer chain, so that a point milestone ending a task stays on its path.
      if (!constrained || start > e.start || (start == e.start && pe.steps + 1 > e.steps)) {
        e.start = start;
        e.driver = p;
        e.steps = pe.steps + 1;
        constrained = true;
      }
    }
    // A lead or a finish-tied link may place the start before the plan's first: the span is
    // then measured from it (total_days below), as MS Project moves the project start.
    e.finish = e.start + duration;
    early[id] = e;
    return early[id];
  };
  CriticalPath path;
  std::int64_t end = 0;
  int end_steps = 0, earliest = 0, latest = 0;
  for (const auto& m : milestones) {
    const Early& e = pass(m.id);
    earliest = std::min(earliest, e.start);
    // The latest finish; of equal finishes the longer chain, so that a trailing point milestone
    // (a task's sign-off, the project's end) is where the path ends.
    if (end == 0 || e.finish > latest || (e.finish == latest && e.steps > end_steps)) {
      latest = e.finish;
      end = m.id;
      end_steps = e.steps;
    }
  }
  path.total_days = latest - earliest;
  for (auto id = end; id != 0; id = early[id].driver) path.milestone_ids.push_back(id);
  std::reverse(path.milestone_ids.begin(), path.milestone_ids.end());
  return path;
}

}  // namespace kmhub::domain
