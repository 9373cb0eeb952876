#include "server/activity/roi_scope.h"

#include <catch2/catch.hpp>

using namespace kmhub;

TEST_CASE("ROI scope: the consortium and its members, whichever way the membership was recorded") {
  store::ProjectRecord project;
  project.consortium_id = 7;
  project.procedure_codes = {"W371", "HB12C", "W371"};
  // 7 is the consortium; 3 and 9 recorded as members of it, 12 recorded the other way round;
  // 20 is a member of another consortium.
  const domain::Memberships memberships({{3, 7}, {7, 12}, {9, 7}, {20, 30}});
  const auto scope = domain::ScopeOf(project, memberships);
  CHECK(scope.organisation_ids == std::vector<std::int64_t>{3, 7, 9, 12});
  CHECK(scope.procedure_codes == std::vector<std::string>{"HB12C", "W371"});
}

TEST_CASE("ROI scope: a project without a consortium has an empty scope, which counts no activity") {
  store::ProjectRecord project;
  project.procedure_codes = {"W371"};
  const auto scope = domain::ScopeOf(project, domain::Memberships({{3, 7}}));
  CHECK(scope.organisation_ids.empty());
}

TEST_CASE("ROI scope: a consortium with no members is its own scope") {
  store::ProjectRecord project;
  project.consortium_id = 7;
  project.procedure_codes = {"W371"};
  const auto scope = domain::ScopeOf(project, domain::Memberships({}));
  CHECK(scope.organisation_ids == std::vector<std::int64_t>{7});
}
