// ParseMspdiPlan: Microsoft Project's XML format, read with pugixml.
#include <pugixml.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "server/projects/plan.h"
#include "server/platform/rules/text_rules.h"
#include "shared/civil_date.h"

namespace kmhub::domain {

namespace {

int LineAt(std::string_view text, std::ptrdiff_t offset) {
  if (offset < 0) return 1;
  const auto end = text.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

Error Malformed(int line, const std::string& what) {
  const std::string message = "line " + std::to_string(line) + ": " + what;
  return InvalidArgument("MALFORMED_PLAN", "the project plan is malformed at " + message + "; nothing was imported",
                         {{"data", message}});
}

// "2003-01-07T08:00:00" -> "2003-01-07"; "" stays "".
std::optional<std::string> DatePart(const char* text) {
  const std::string_view s(text);
  if (s.empty()) return std::string();
  if (s.size() < 10 || !CivilDate::Parse(s.substr(0, 10))) return std::nullopt;
  return std::string(s.substr(0, 10));
}

}  // namespace

Expected<Plan> ParseMspdiPlan(std::string_view xml) {
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) return Malformed(LineAt(xml, parsed.offset), std::string("not well-formed XML (") + parsed.description() + ")");
  const auto project = doc.child("Project");
  if (!project) return Malformed(1, "no <Project> element: this is not a Microsoft Project XML (MSPDI) file");
  const auto tasks = project.child("Tasks");
  if (!tasks) return Malformed(LineAt(xml, project.offset_debug()), "the <Project> has no <Tasks>");

  Plan plan;
  std::set<std::string> summaries;  // UIDs left out, for the warnings about links to them
  std::map<std::string, std::string> titles;
  for (const auto task : tasks.children("Task")) {
    const int line = LineAt(xml, task.offset_debug());
    const std::string uid = task.child_value("UID");
    if (uid.empty() || !std::all_of(uid.begin(), uid.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return Malformed(line, "a <Task> without a numeric <UID>");
    titles[uid] = task.child_value("Name");
    if (uid == "0" || std::string_view(task.child_value("Summary")) == "1" ||
        std::string_view(task.child_value("IsNull")) == "1") {
      summaries.insert(uid);
      continue;
    }
    if (plan.tasks.size() >= kMaxPlanTasks) return Malformed(line, "more than " + std::to_string(kMaxPlanTasks) + " tasks");
    PlanTask t;
    t.line = line;
    t.external_id = "mspdi:" + uid;
    t.title = Trim(task.child_value("Name"));
    if (t.title.empty()) t.title = "Task " + uid;
    const auto start = DatePart(task.child_value("Start"));
    const auto finish = DatePart(task.child_value("Finish"));
    if (!start || !finish || finish->empty())
      return Malformed(line, "task " + uid + " ('" + t.title + "') has no valid <Start> and <Finish> dates");
    const bool milestone = std::string_view(task.child_value("Milestone")) == "1";
    t.start = milestone ? "" : *start;
    t.due = *finish;
    t.baseline_due = *finish;
    for (const auto baseline : task.children("Baseline")) {
      if (std::string_view(baseline.child_value("Number")) != "0") continue;
      const auto b = DatePart(baseline.child_value("Finish"));
      if (!b) return Malformed(LineAt(xml, baseline.offset_debug()), "task " + uid + " has a baseline with an invalid <Finish>");
      if (!b->empty()) t.baseline_due = *b;
    }
    const std::string percent = task.child_value("PercentComplete");
    t.percent_complete = percent.empty() ? 0 : std::clamp(std::atoi(percent.c_str()), 0, 100);
    if (t.percent_complete == 100) {
      const auto actual = DatePart(task.child_value("ActualFinish"));
      t.completed = actual && !actual->empty() ? *actual : *finish;
    }
    for (const auto link : task.children("PredecessorLink"))
      t.predecessor_external_ids.push_back(link.child_value("PredecessorUID"));
    plan.tasks.push_back(std::move(t));
  }
  // Links to summary tasks have no milestone to point at: say so rather than fail.
  for (auto& t : plan.tasks) {
    std::vector<std::string> kept;
    for (const auto& p : t.predecessor_external_ids) {
      if (summaries.count(p)) {
        plan.warnings.push_back("the link from '" + t.title + "' to summary task '" + titles[p] + "' was left out");
      } else if (!titles.count(p)) {
        return Malformed(t.line, "task '" + t.title + "' links to task UID " + p + ", which is not in the file");
      } else {
        kept.push_back("mspdi:" + p);
      }
    }
    t.predecessor_external_ids = std::move(kept);
  }
  if (!summaries.empty())
    plan.warnings.push_back(std::to_string(summaries.size()) + " summary task(s) were not imported as milestones");
  return plan;
}

}  // namespace kmhub::domain
