#include "server/projects/project_rag.h"

#include <algorithm>

#include "server/projects/milestone_schedule.h"
#include "server/projects/project_rules.h"

namespace kmhub::domain {

std::string RagLabel(int rag) {
  switch (rag) {
    case kGreen: return "green";
    case kAmber: return "amber";
    case kRed: return "red";
    default: return "unrated";
  }
}

RagAssessment AssessRag(const RagInputs& in, CivilDate today, RagDetail detail) {
  const bool describe = detail == RagDetail::kDescribed;
  // Descriptions are built only when asked for.
  auto described = [describe](auto&& make) { return describe ? std::string(make()) : std::string(); };
  std::vector<RagReason> reasons;
  if (in.latest_update_rag != 0)
    reasons.push_back({"LATEST_UPDATE", in.latest_update_rag, described([&] {
                         return "the latest status update (" + in.latest_update_date + ") says " +
                                RagLabel(in.latest_update_rag);
                       })});
  else
    reasons.push_back({"NO_UPDATE", kGreen, described([] { return "no status update yet"; })});

  // A finished project is judged by its updates alone.
  const bool finished = in.state == kCompleted || in.state == kCancelled;
  if (!finished && in.overdue_milestones > 0) {
    if (in.max_days_overdue > kRedOverdueDays)
      reasons.push_back({"MILESTONE_OVERDUE_30_DAYS", kRed, described([&] {
                           return "a milestone is " + std::to_string(in.max_days_overdue) + " days overdue (more than 30)";
                         })});
    else
      reasons.push_back({"MILESTONE_OVERDUE", kAmber, described([&] {
                           return std::to_string(in.overdue_milestones) + " milestone(s) overdue, the worst by " +
                                  std::to_string(in.max_days_overdue) + " day(s)";
                         })});
  }
  if (!finished && !in.planned_end.empty()) {
    const auto end = CivilDate::Parse(in.planned_end);
    if (end && *end < today)
      reasons.push_back({"END_DATE_PASSED", kRed,
                         described([&] { return "the planned end date " + in.planned_end + " has passed"; })});
  }
  // The worst rating wins; among equals, the earlier rule (the update) explains it.
  std::stable_sort(reasons.begin(), reasons.end(), [](const RagReason& a, const RagReason& b) { return a.rag > b.rag; });
  RagAssessment out;
  out.rag = reasons.front().rag;
  out.deciding_rule = reasons.front().rule;
  out.reasons = std::move(reasons);
  return out;
}

}  // namespace kmhub::domain
