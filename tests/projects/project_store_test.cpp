#include "server/projects/project_store.h"

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

// An active project with only a code and a title.
void CreateProject(store::ProjectStore& s, const std::string& code, const std::string& title) {
  store::ProjectRecord p;
  p.code = code;
  p.title = title;
  p.state = 1;
  REQUIRE(s.Create(p, ""));
}
}  // namespace

TEST_CASE("two edits from the same schedule revision cannot both apply (SCHEDULE_CHANGED)") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ProjectStore s(t.db());
  CreateProject(s, "P-RACE", "Race");
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
  CreateProject(s, "P-DRY", "Dry");
  const auto schedule = *s.GetSchedule("P-DRY");
  auto a = Milestone(schedule.project_id, "A", "2010-01-01");
  a.id = -1;
  auto b = Milestone(schedule.project_id, "B", "2010-02-01");
  b.id = -2;
  b.predecessor_ids = {-1};
  const auto dry = s.ApplyPlan(schedule.project_id, schedule.revision, {a, b}, {2, 0}, true, "");
  REQUIRE(dry);
  REQUIRE(dry->milestones.size() == 2);
  CHECK((*dry).milestones[1].predecessor_ids == std::vector<std::int64_t>{(*dry).milestones[0].id});  // placeholders resolved
  CHECK(s.GetSchedule("P-DRY")->milestones.empty());
  CHECK(s.GetSchedule("P-DRY")->revision == 0);
  const auto applied = s.ApplyPlan(schedule.project_id, schedule.revision, {a, b}, {2, 0}, false, "");
  REQUIRE(applied);
  CHECK_FALSE(applied->replayed);
  CHECK(s.GetSchedule("P-DRY")->milestones.size() == 2);
}

TEST_CASE("a plan import retried with its request id is answered from the log and writes nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ProjectStore s(t.db());
  CreateProject(s, "P-RETRY", "Retry");
  const auto schedule = *s.GetSchedule("P-RETRY");
  auto a = Milestone(schedule.project_id, "A", "2010-01-01");
  a.id = -1;
  const auto first = s.ApplyPlan(schedule.project_id, schedule.revision, {a}, {1, 0}, false, "plan-import-1");
  REQUIRE(first);
  CHECK_FALSE(first->replayed);
  const auto after_first = *s.GetSchedule("P-RETRY");

  // The retry's merge (made against the schedule as it is now) would say "0 created, 1
  // updated"; the answer must be the first one's.
  auto again = after_first.milestones.at(0);
  again.title = "A, renamed by the retry";
  const auto retry = s.ApplyPlan(after_first.project_id, after_first.revision, {again}, {0, 1}, false, "plan-import-1");
  REQUIRE(retry);
  CHECK(retry->replayed);
  CHECK(retry->counts.created == 1);
  CHECK(retry->counts.updated == 0);
  REQUIRE(retry->milestones.size() == 1);
  CHECK(retry->milestones[0].title == "A");
  const auto after_retry = *s.GetSchedule("P-RETRY");
  CHECK(after_retry.revision == after_first.revision);
  CHECK(after_retry.milestones.at(0).revision == after_first.milestones.at(0).revision);

  // Another request id is a new import.
  const auto other = s.ApplyPlan(after_first.project_id, after_first.revision, {again}, {0, 1}, false, "plan-import-2");
  REQUIRE(other);
  CHECK_FALSE(other->replayed);
  CHECK(other->milestones.at(0).title == "A, renamed by the retry");
}

namespace {
// The rating facts of P-FACTS as a listing reads them (kept on the project by the database)
// and as one project's read computes them (from the updates and milestones themselves).
struct RatedFacts {
  int rag = 0;
  std::string most_overdue;
};
std::pair<RatedFacts, RatedFacts> ListedAndComputed(store::ProjectStore& s, const std::string& today) {
  store::ProjectQuery query;
  query.today = today;
  const auto page = s.List(query);
  REQUIRE(page);
  REQUIRE(page->items.size() == 1);
  const auto& listed = page->items.front().facts;
  const auto computed = s.GetWithFacts("P-FACTS", today);
  REQUIRE(computed);
  return {{listed.latest_update_rag, listed.earliest_overdue_due},
          {computed->facts.latest_update_rag, computed->facts.earliest_overdue_due}};
}
}  // namespace

TEST_CASE("a listing's rating facts follow every change to updates and milestones") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ProjectStore s(t.db());
  CreateProject(s, "P-FACTS", "Facts");
  const std::string today = "2010-06-15";
  auto check = [&](int rag, const std::string& most_overdue) {
    const auto [listed, computed] = ListedAndComputed(s, today);
    CHECK(listed.rag == rag);
    CHECK(listed.most_overdue == most_overdue);
    CHECK(computed.rag == rag);
    CHECK(computed.most_overdue == most_overdue);
  };
  check(0, "");

  auto schedule = *s.GetSchedule("P-FACTS");
  const auto future = s.SaveMilestone(Milestone(schedule.project_id, "Future", "2010-09-01"), schedule.revision, "");
  REQUIRE(future);
  check(0, "");  // open but not overdue
  auto late = s.SaveMilestone(Milestone(schedule.project_id, "Late", "2010-05-01"), schedule.revision + 1, "");
  REQUIRE(late);
  const auto later = s.SaveMilestone(Milestone(schedule.project_id, "Later", "2010-06-01"), schedule.revision + 2, "");
  REQUIRE(later);
  check(0, "2010-05-01");
  late->completed = "2010-06-10";  // completing the most overdue leaves the next one
  REQUIRE(s.SaveMilestone(*late, schedule.revision + 3, ""));
  check(0, "2010-06-01");
  REQUIRE(s.DeleteMilestone(schedule.project_id, later->id, schedule.revision + 4));
  check(0, "");

  store::StatusUpdateRecord update;
  update.project_id = schedule.project_id;
  update.narrative = "On track";
  update.date = "2010-06-01";
  update.rag = 3;  // red
  REQUIRE(s.AddStatusUpdate(update, ""));
  check(3, "");
  update.date = "2010-05-01";  // an older update written later does not decide
  update.rag = 1;  // green
  REQUIRE(s.AddStatusUpdate(update, ""));
  check(3, "");
  update.date = "2010-06-14";
  update.rag = 2;  // amber
  REQUIRE(s.AddStatusUpdate(update, ""));
  check(2, "");

  // A plan applied in one go (one new milestone, overdue).
  schedule = *s.GetSchedule("P-FACTS");
  auto planned = schedule.milestones;
  auto added = Milestone(schedule.project_id, "From the plan", "2010-04-01");
  added.id = -1;
  planned.push_back(added);
  REQUIRE(s.ApplyPlan(schedule.project_id, schedule.revision, planned, {1, 0}, false, ""));
  check(2, "2010-04-01");
}
