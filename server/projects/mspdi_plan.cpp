// ParseMspdiPlan: Microsoft Project's XML format, read with pugixml.
#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "server/projects/milestone_links.h"
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

// <Type> of a <PredecessorLink>: 0 FF, 1 FS (also when absent), 2 SF, 3 SS.
std::optional<store::LinkType> LinkTypeOf(std::string_view type) {
  if (type.empty() || type == "1") return store::LinkType::kFinishToStart;
  if (type == "0") return store::LinkType::kFinishToFinish;
  if (type == "2") return store::LinkType::kStartToFinish;
  if (type == "3") return store::LinkType::kStartToStart;
  return std::nullopt;
}

// <LinkLag> is in tenths of a minute. <LagFormat> 3..12 are minutes to months, even numbers
// elapsed (24-hour days), odd ones working time (days of `minutes_per_day`); 35 and up are the
// same formats marked estimated ("3d?"); 19 and 20 (51, 52) are percentages of the
// predecessor's duration, which a calendar-day schedule cannot hold.
std::optional<int> LagDays(std::string_view lag, std::string_view format, int minutes_per_day) {
  const long long tenths = lag.empty() ? 0 : std::atoll(std::string(lag).c_str());
  int f = format.empty() ? 7 : std::atoi(std::string(format).c_str());
  if (f >= 35) f -= 32;
  if (f == 19 || f == 20) return tenths == 0 ? std::optional<int>(0) : std::nullopt;
  const bool elapsed = f % 2 == 0;
  const double day = (elapsed ? 24.0 * 60.0 : minutes_per_day) * 10.0;
  return static_cast<int>(std::lround(static_cast<double>(tenths) / day));
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
  const int minutes_per_day = std::max(60, project.child("MinutesPerDay").text().as_int(480));

  Plan plan;
  auto problem = [&plan](int line, const std::string& element, const std::string& reason) {
    plan.problems.push_back({line, element, reason});
  };
  std::set<std::string> summaries;  // UIDs left out, for the warnings about links to them
  std::map<std::string, std::string> titles;
  std::vector<std::vector<std::pair<pugi::xml_node, std::string>>> links;  // per task: (link, its UID)
  for (const auto task : tasks.children("Task")) {
    const int line = LineAt(xml, task.offset_debug());
    const std::string uid = task.child_value("UID");
    if (uid.empty() || !std::all_of(uid.begin(), uid.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      problem(line, "UID", "a <Task> without a numeric <UID>");
      continue;
    }
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
    if (!start || !finish || finish->empty()) {
      problem(line, "Start, Finish", "task " + uid + " ('" + t.title + "') has no valid <Start> and <Finish> dates");
      plan.left_out.push_back(t.external_id);
      continue;
    }
    const bool milestone = std::string_view(task.child_value("Milestone")) == "1";
    t.start = milestone ? "" : *start;
    t.due = *finish;
    t.baseline_due = *finish;
    bool usable = true;
    for (const auto baseline : task.children("Baseline")) {
      if (std::string_view(baseline.child_value("Number")) != "0") continue;
      const auto b = DatePart(baseline.child_value("Finish"));
      if (!b) {
        problem(LineAt(xml, baseline.offset_debug()), "Baseline", "task " + uid + " has a baseline with an invalid <Finish>");
        usable = false;
      } else if (!b->empty()) {
        t.baseline_due = *b;
      }
    }
    const std::string percent = task.child_value("PercentComplete");
    t.percent_complete = percent.empty() ? 0 : std::clamp(std::atoi(percent.c_str()), 0, 100);
    if (t.percent_complete == 100) {
      const auto actual = DatePart(task.child_value("ActualFinish"));
      t.completed = actual && !actual->empty() ? *actual : *finish;
    }
    std::vector<std::pair<pugi::xml_node, std::string>> own;
    for (const auto link : task.children("PredecessorLink")) own.emplace_back(link, link.child_value("PredecessorUID"));
    if (!usable) {
      plan.left_out.push_back(t.external_id);
      continue;
    }
    plan.tasks.push_back(std::move(t));
    links.push_back(std::move(own));
  }
  // Links, once every task's UID is known. Links to summary tasks have no milestone to point at:
  // say so rather than fail.
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    auto& t = plan.tasks[i];
    for (const auto& [link, p] : links[i]) {
      const int line = LineAt(xml, link.offset_debug());
      if (summaries.count(p)) {
        plan.warnings.push_back("the link from '" + t.title + "' to summary task '" + titles[p] + "' was left out");
        continue;
      }
      if (!titles.count(p)) {
        problem(line, "PredecessorUID", "task '" + t.title + "' links to task UID " + p + ", which is not in the file");
        continue;
      }
      PlanLink l{"mspdi:" + p, {}};
      const auto type = LinkTypeOf(link.child_value("Type"));
      if (!type) {
        problem(line, "Type", "the link from '" + t.title + "' has link type " + link.child_value("Type") +
                                  "; MS Project's are 0 (FF), 1 (FS), 2 (SF) and 3 (SS)");
        continue;
      }
      l.timing.type = *type;
      const auto lag = LagDays(link.child_value("LinkLag"), link.child_value("LagFormat"), minutes_per_day);
      if (!lag) {
        problem(line, "LagFormat", "the link from '" + t.title +
                                       "' has a lag as a percentage of its predecessor's duration; give it in days");
        continue;
      }
      if (std::abs(*lag) > kMaxLagDays) {
        problem(line, "LinkLag", "the link from '" + t.title + "' has a lag of more than " +
                                     std::to_string(kMaxLagDays) + " days");
        continue;
      }
      l.timing.lag_days = *lag;
      t.predecessors.push_back(std::move(l));
    }
  }
  if (!summaries.empty())
    plan.warnings.push_back(std::to_string(summaries.size()) + " summary task(s) were not imported as milestones");
  return plan;
}

}  // namespace kmhub::domain
