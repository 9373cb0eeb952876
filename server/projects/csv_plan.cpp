// ParseCsvPlan: kmhub's plain CSV plan format (see README, "Plans").
#include <algorithm>
#include <map>

#include "server/projects/milestone_links.h"
#include "server/projects/plan.h"
#include "server/platform/rules/text_rules.h"
#include "shared/csv_reader.h"

namespace kmhub::domain {

namespace {
const std::vector<std::string> kColumns = {"id", "title", "start", "due", "baseline_due",
                                           "completed", "percent_complete", "predecessors"};

Error Bad(int line, const std::string& column, const std::string& what) {
  const std::string message = "line " + std::to_string(line) + ", column " + column + ": " + what;
  return InvalidArgument("MALFORMED_PLAN", "the plan is malformed at " + message + "; nothing was imported",
                         {{"data", message}});
}
}  // namespace

Expected<Plan> ParseCsvPlan(std::string_view csv) {
  KMHUB_ASSIGN_OR_RETURN(const auto rows, ReadCsv(csv, kMaxPlanTasks + 1));
  if (rows.empty()) return Bad(1, "-", "the file is empty; expected a header row: " + [] {
    std::string h;
    for (const auto& c : kColumns) h += (h.empty() ? "" : ",") + c;
    return h;
  }());
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < rows[0].fields.size(); ++i) {
    const std::string name = AsciiLower(Trim(rows[0].fields[i]));
    if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end())
      return Bad(rows[0].line, rows[0].fields[i], "unknown column; the columns are id, title, start, due, baseline_due, completed, percent_complete, predecessors");
    index[name] = i;
  }
  for (const char* required : {"id", "title", "due"})
    if (!index.count(required)) return Bad(rows[0].line, required, "this column is required");

  Plan plan;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    auto get = [&](const std::string& column) -> std::string {
      const auto it = index.find(column);
      return it == index.end() || it->second >= row.fields.size() ? "" : Trim(row.fields[it->second]);
    };
    const auto problem = [&](const std::string& column, const std::string& reason) {
      plan.problems.push_back({row.line, column, reason});
    };
    const std::size_t before = plan.problems.size();
    if (row.fields.size() != rows[0].fields.size()) {
      problem("-", "has " + std::to_string(row.fields.size()) + " fields, the header has " +
                       std::to_string(rows[0].fields.size()));
      continue;
    }
    PlanTask t;
    t.line = row.line;
    const std::string id = get("id");
    if (id.empty()) {
      problem("id", "is empty");
      continue;
    }
    t.external_id = "csv:" + id;
    t.title = get("title");
    t.start = get("start");
    t.due = get("due");
    t.baseline_due = get("baseline_due");
    t.completed = get("completed");
    const std::string percent = get("percent_complete");
    if (!percent.empty()) {
      if (!std::all_of(percent.begin(), percent.end(), [](char c) { return c >= '0' && c <= '9'; }) || percent.size() > 3)
        problem("percent_complete", "'" + percent + "' is not a whole number from 0 to 100");
      else
        t.percent_complete = std::stoi(percent);
    }
    const std::string predecessors = get("predecessors");
    for (std::size_t start = 0; start < predecessors.size();) {
      auto end = predecessors.find(';', start);
      if (end == std::string::npos) end = predecessors.size();
      const std::string written = Trim(predecessors.substr(start, end - start));
      start = end + 1;
      if (written.empty()) continue;
      std::string why;
      const auto link = ParseWrittenLink(written, &why);
      if (!link)
        problem("predecessors", why);
      else
        t.predecessors.push_back({"csv:" + link->key, link->timing});
    }
    if (plan.problems.size() != before) {
      plan.left_out.push_back(t.external_id);
      continue;
    }
    plan.tasks.push_back(std::move(t));
  }
  return plan;
}

}  // namespace kmhub::domain
