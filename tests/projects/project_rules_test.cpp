#include "server/projects/project_rules.h"

#include <catch2/catch.hpp>

using namespace kmhub;
using namespace kmhub::domain;

namespace {
const CivilDate kToday = *CivilDate::Parse("2010-06-15");

store::ProjectRecord Project(int state) {
  store::ProjectRecord p;
  p.code = "p-2009-014";
  p.title = " Community dermatology ";
  p.state = state;
  return p;
}
}  // namespace

TEST_CASE("only sensible project state transitions are allowed") {
  CHECK(IsAllowedTransition(kProposed, kApproved));
  CHECK(IsAllowedTransition(kApproved, kActive));
  CHECK(IsAllowedTransition(kActive, kOnHold));
  CHECK(IsAllowedTransition(kOnHold, kActive));
  CHECK(IsAllowedTransition(kActive, kCompleted));
  CHECK(IsAllowedTransition(kProposed, kCancelled));
  CHECK_FALSE(IsAllowedTransition(kProposed, kActive));    // must be approved first
  CHECK_FALSE(IsAllowedTransition(kProposed, kCompleted));
  CHECK_FALSE(IsAllowedTransition(kOnHold, kCompleted));   // resume first
  CHECK_FALSE(IsAllowedTransition(kCompleted, kActive));   // final
  CHECK_FALSE(IsAllowedTransition(kCancelled, kProposed)); // final
}

TEST_CASE("activating a project records its actual start, completing it its actual end") {
  auto p = Project(kApproved);
  REQUIRE(ApplyTransition(p, kActive, kToday));
  CHECK(p.actual_start == "2010-06-15");
  p.actual_start = "2010-05-01";
  REQUIRE(ApplyTransition(p, kCompleted, kToday));
  CHECK(p.actual_start == "2010-05-01");
  CHECK(p.actual_end == "2010-06-15");
  const auto refused = ApplyTransition(p, kActive, kToday);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::kFailedPrecondition);
  CHECK(refused.error().reason == "INVALID_STATE_TRANSITION");
  CHECK(refused.error().message == "project p-2009-014 cannot go from completed to active");
}

TEST_CASE("a project is normalised and validated") {
  auto p = Project(0);
  p.procedure_codes = {"w37.1", "HB12C"};
  REQUIRE(NormaliseProject(p));
  CHECK(p.code == "P-2009-014");
  CHECK(p.title == "Community dermatology");
  CHECK(p.state == kProposed);
  CHECK(p.procedure_codes == std::vector<std::string>{"W371", "HB12C"});  // as activity stores them

  auto bad = Project(0);
  bad.code = "2009";
  bad.title = "";
  bad.planned_start = "2010-04-01";
  bad.planned_end = "2010-03-31";
  bad.investment_pence = -1;
  bad.partners = {{5, 1}, {5, 9}};
  const auto result = NormaliseProject(bad);
  REQUIRE_FALSE(result);
  std::vector<std::string> fields;
  for (const auto& v : result.error().violations) fields.push_back(v.field);
  CHECK(fields == std::vector<std::string>{"project.code", "project.title", "project.planned_end_date",
                                           "project.investment_pence", "project.partners[1].role",
                                           "project.partners[1].organisation"});
}
