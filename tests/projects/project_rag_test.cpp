#include "server/projects/project_rag.h"

#include <catch2/catch.hpp>

#include "server/projects/project_rules.h"

using namespace kmhub;
using namespace kmhub::domain;

namespace {
const CivilDate kToday = *CivilDate::Parse("2010-06-15");
RagInputs Active() {
  RagInputs in;
  in.state = kActive;
  in.latest_update_rag = kGreen;
  in.latest_update_date = "2010-06-01";
  in.planned_end = "2011-03-31";
  return in;
}
}  // namespace

TEST_CASE("RAG: the latest update's rating when nothing is overdue") {
  auto in = Active();
  in.latest_update_rag = kAmber;
  const auto a = AssessRag(in, kToday);
  CHECK(a.rag == kAmber);
  CHECK(a.deciding_rule == "LATEST_UPDATE");
  in.latest_update_rag = 0;
  CHECK(AssessRag(in, kToday).deciding_rule == "NO_UPDATE");
}

TEST_CASE("RAG: an overdue milestone makes it at least amber, exactly 30 days is still amber") {
  auto in = Active();
  in.overdue_milestones = 2;
  in.max_days_overdue = 30;
  auto a = AssessRag(in, kToday);
  CHECK(a.rag == kAmber);
  CHECK(a.deciding_rule == "MILESTONE_OVERDUE");
  REQUIRE(a.reasons.size() == 2);
  CHECK(a.reasons[1].rule == "LATEST_UPDATE");

  in.max_days_overdue = 31;
  a = AssessRag(in, kToday);
  CHECK(a.rag == kRed);
  CHECK(a.deciding_rule == "MILESTONE_OVERDUE_30_DAYS");

  in.latest_update_rag = kRed;  // red already: the update explains it
  in.max_days_overdue = 3;
  CHECK(AssessRag(in, kToday).deciding_rule == "LATEST_UPDATE");
}

TEST_CASE("RAG: the end date passing makes it red, the end date being today does not") {
  auto in = Active();
  in.planned_end = "2010-06-15";
  CHECK(AssessRag(in, kToday).rag == kGreen);
  in.planned_end = "2010-06-14";
  const auto a = AssessRag(in, kToday);
  CHECK(a.rag == kRed);
  CHECK(a.deciding_rule == "END_DATE_PASSED");
  in.state = kCompleted;  // finished projects are judged by their updates
  CHECK(AssessRag(in, kToday).rag == kGreen);
}

TEST_CASE("RAG: rating only gives the same rating and rules, without the descriptions") {
  std::vector<RagInputs> cases;
  auto in = Active();
  in.latest_update_rag = 0;
  cases.push_back(in);  // no update
  in.latest_update_rag = kAmber;
  in.latest_update_date = "2010-06-01";
  cases.push_back(in);
  in.overdue_milestones = 2;
  in.max_days_overdue = 31;
  cases.push_back(in);
  in.max_days_overdue = 3;
  in.planned_end = "2010-06-14";
  cases.push_back(in);
  for (const auto& c : cases) {
    const auto described = AssessRag(c, kToday);
    const auto rated = AssessRag(c, kToday, RagDetail::kRatingOnly);
    CHECK(rated.rag == described.rag);
    CHECK(rated.deciding_rule == described.deciding_rule);
    REQUIRE(rated.reasons.size() == described.reasons.size());
    for (std::size_t i = 0; i < rated.reasons.size(); ++i) {
      CHECK(rated.reasons[i].rule == described.reasons[i].rule);
      CHECK(rated.reasons[i].description.empty());
      CHECK_FALSE(described.reasons[i].description.empty());
    }
  }
}
