#pragma once
// A project's RAG rating (projects/README.md): the latest status update's, unless milestones say
// worse — any overdue milestone makes it at least amber; one overdue by more than 30 days, or
// the planned end date passed with the project unfinished, makes it red.

#include <string>
#include <vector>

#include "server/projects/records.h"
#include "shared/civil_date.h"

namespace kmhub::domain {

inline constexpr int kRedOverdueDays = 30;

std::string RagLabel(int rag);

struct RagInputs {
  int state = 0;
  int latest_update_rag = 0;  // 0: no update yet
  std::string latest_update_date;
  int overdue_milestones = 0;
  int max_days_overdue = 0;
  std::string planned_end;  // YYYY-MM-DD or ""
};

struct RagReason {
  std::string rule;  // stable: LATEST_UPDATE, NO_UPDATE, MILESTONE_OVERDUE, MILESTONE_OVERDUE_30_DAYS, END_DATE_PASSED
  int rag = 0;
  std::string description;
};

struct RagAssessment {
  int rag = kGreen;
  std::string deciding_rule;        // the rule that set the rating
  std::vector<RagReason> reasons;   // every rule that applied, the deciding one first
};

// kRatingOnly: the same rating and rules, without the reasons' descriptions (a listing of many
// projects shows only the rating, and the wording was most of the work).
enum class RagDetail { kDescribed, kRatingOnly };

RagAssessment AssessRag(const RagInputs& inputs, CivilDate today, RagDetail detail = RagDetail::kDescribed);

}  // namespace kmhub::domain
