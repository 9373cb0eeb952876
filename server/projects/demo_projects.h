#pragma once
// The demo PBC projects loaded with `--demo`. Dates are offsets in days from the day the data
// is loaded, so that the portfolio shows a realistic mix of on-track, slipping and late
// projects whenever it is loaded.

#include <optional>
#include <string>
#include <vector>

namespace kmhub::domain {

struct DemoMilestone {
  std::string title;
  int start;                     // offset of the planned start; equal to due for a point milestone
  int due;                       // offset of the current due date
  int baseline;                  // offset of the baseline due date
  std::optional<int> completed;  // offset of the completion date
  std::vector<int> after;        // indexes of predecessors in the project's list
  std::string owner_key;         // organisation key from PartnerDemoData(), or ""
};

struct DemoUpdate {
  int date;
  int rag;  // kmhub.v1.Rag
  std::string author_email;
  std::string narrative;
};

struct DemoProject {
  std::string code, title, summary, consortium_key, lead_email;
  int state;  // kmhub.v1.ProjectState
  int planned_start, planned_end;
  std::optional<int> actual_start, actual_end;
  long long investment_pounds;
  std::vector<std::pair<std::string, int>> partners;  // organisation key, kmhub.v1.PartnerRole
  std::vector<std::string> procedure_codes;
  std::vector<DemoMilestone> milestones;
  std::vector<DemoUpdate> updates;
};

struct DemoProjectSet {
  std::string version;
  std::vector<DemoProject> projects;
};

const DemoProjectSet& ProjectDemoData();

}  // namespace kmhub::domain
