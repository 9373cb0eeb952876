#include "server/store/project_store.h"

#include <catch2/catch.hpp>

#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {
store::MilestoneRecord Milestone(std::int64_t project, const std::string& title, const std::string& due) {
  store::MilestoneRecord m;
  m.project_id = project;
  m.title = title;
  m.due = due;
  m.baseline_due = due;
  return m;
}
}  // namespace

TEST_CASE("two edits from the same schedule revision cannot both apply (SCHEDULE_CHANGED)") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ProjectStore s(t.db());
  store::ProjectRecord p;
  p.code = "P-RACE";
  p.title = "Race";
  p.state = 1;
  REQUIRE(s.Create(p, ""));
  const auto schedule = *s.GetSchedule("P-RACE");
  // Both editors read revision 0; the first write wins, the second is told to re-read.
  REQUIRE(s.SaveMilestone(Milestone(schedule.project_id, "A", "2010-01-01"), schedule.revision, ""));
  const auto second = s.SaveMilestone(Milestone(schedule.project_id, "B", "2010-02-01"), schedule.revision, "");
  REQUIRE_FALSE(second);
  CHECK(second.error().code == ErrorCode::kAborted);
  CHECK(second.error().reason == "SCHEDULE_CHANGED");
  CHECK(s.GetSchedule("P-RACE")->milestones.size() == 1);
  CHECK(s.GetSchedule("P-RACE")->revision == 1);
}

TEST_CASE("a plan applied as a dry run leaves the schedule and its revision as they were") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ProjectStore s(t.db());
  store::ProjectRecord p;
  p.code = "P-DRY";
  p.title = "Dry";
  p.state = 1;
  REQUIRE(s.Create(p, ""));
  const auto schedule = *s.GetSchedule("P-DRY");
  auto a = Milestone(schedule.project_id, "A", "2010-01-01");
  a.id = -1;
  auto b = Milestone(schedule.project_id, "B", "2010-02-01");
  b.id = -2;
  b.predecessor_ids = {-1};
  const auto dry = s.ApplyPlan(schedule.project_id, schedule.revision, {a, b}, true);
  REQUIRE(dry);
  REQUIRE(dry->size() == 2);
  CHECK((*dry)[1].predecessor_ids == std::vector<std::int64_t>{(*dry)[0].id});  // placeholders resolved
  CHECK(s.GetSchedule("P-DRY")->milestones.empty());
  CHECK(s.GetSchedule("P-DRY")->revision == 0);
  const auto applied = s.ApplyPlan(schedule.project_id, schedule.revision, {a, b}, false);
  REQUIRE(applied);
  CHECK(s.GetSchedule("P-DRY")->milestones.size() == 2);
}
