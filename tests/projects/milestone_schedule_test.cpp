#include "server/projects/milestone_schedule.h"

#include <catch2/catch.hpp>

using namespace kmhub;
using namespace kmhub::domain;
using store::MilestoneRecord;

namespace {
const CivilDate kToday = *CivilDate::Parse("2010-06-15");

MilestoneRecord M(std::int64_t id, const std::string& title, const std::string& start, const std::string& due,
                  std::vector<std::int64_t> predecessors = {}, const std::string& completed = "") {
  MilestoneRecord m;
  m.id = id;
  m.title = title;
  m.start_date = start;
  m.due = due;
  m.baseline_due = due;
  m.completed = completed;
  m.predecessor_ids = std::move(predecessors);
  return m;
}
}  // namespace

TEST_CASE("slippage, overdue and due-soon are derived from the dates and today") {
  auto m = M(1, "Go live", "", "2010-06-01");
  m.baseline_due = "2010-05-01";
  auto t = Timings(m, kToday);
  CHECK(t.slippage_days == 31);
  CHECK(t.overdue);
  CHECK(t.days_overdue == 14);
  CHECK_FALSE(t.due_soon);

  m.due = "2010-06-15";  // due today: not overdue, due soon
  t = Timings(m, kToday);
  CHECK_FALSE(t.overdue);
  CHECK(t.due_soon);
  m.due = "2010-06-29";  // 14 days ahead: still due soon
  CHECK(Timings(m, kToday).due_soon);
  m.due = "2010-06-30";  // 15 days ahead: not yet
  CHECK_FALSE(Timings(m, kToday).due_soon);

  m.due = "2010-01-01";
  m.completed = "2010-01-05";  // completed late, but not overdue
  t = Timings(m, kToday);
  CHECK_FALSE(t.overdue);
  CHECK(t.days_overdue == 0);
}

TEST_CASE("a predecessor cycle is refused naming the milestones on it") {
  const std::vector<MilestoneRecord> ms = {M(1, "Business case", "", "2010-01-01"),
                                           M(2, "Go live", "", "2010-03-01", {3}),
                                           M(3, "Evaluation", "", "2010-06-01", {2, 1})};
  const auto result = CheckSchedule(ms);
  REQUIRE_FALSE(result);
  CHECK(result.error().reason == "MILESTONE_CYCLE");
  CHECK(result.error().message.find("'Evaluation' -> 'Go live' -> 'Evaluation'") != std::string::npos);
}

TEST_CASE("a milestone cannot be completed before its predecessors") {
  std::vector<MilestoneRecord> ms = {M(1, "Business case", "", "2010-01-01", {}, "2010-01-10"),
                                     M(2, "Go live", "", "2010-03-01", {1}, "2010-01-09")};
  auto result = CheckSchedule(ms);
  REQUIRE_FALSE(result);
  CHECK(result.error().reason == "COMPLETED_BEFORE_PREDECESSOR");
  ms[1].completed = "2010-01-10";  // the same day is fine
  CHECK(CheckSchedule(ms));
  ms[0].completed = "";
  CHECK(CheckSchedule(ms).error().message.find("while its predecessor 'Business case' is not") != std::string::npos);
  ms[1].predecessor_ids = {99};
  CHECK(CheckSchedule(ms).error().reason == "UNKNOWN_PREDECESSOR");
}

TEST_CASE("the critical path is the longest chain by duration on a known graph") {
  //   A(10) -> B(5)  -> D(20)
  //   A(10) -> C(30) -> D(20)   => A, C, D = 60 days
  //   E(40) alone                => 40
  const std::vector<MilestoneRecord> ms = {
      M(1, "A", "2010-01-01", "2010-01-11"), M(2, "B", "2010-01-11", "2010-01-16", {1}),
      M(3, "C", "2010-01-11", "2010-02-10", {1}), M(4, "D", "2010-02-10", "2010-03-02", {2, 3}),
      M(5, "E", "2010-01-01", "2010-02-10")};
  const auto path = ComputeCriticalPath(ms);
  CHECK(path.milestone_ids == std::vector<std::int64_t>{1, 3, 4});
  CHECK(path.total_days == 60);
  CHECK(ComputeCriticalPath({}).milestone_ids.empty());
}

TEST_CASE("a trailing point milestone ends the critical path") {
  // A(10) -> B(20) -> "Signed off" (a point milestone, 0 days): the sign-off is on the path.
  const std::vector<MilestoneRecord> ms = {M(1, "A", "2010-01-01", "2010-01-11"),
                                           M(2, "B", "2010-01-11", "2010-01-31", {1}),
                                           M(3, "Signed off", "", "2010-01-31", {2})};
  const auto path = ComputeCriticalPath(ms);
  CHECK(path.milestone_ids == std::vector<std::int64_t>{1, 2, 3});
  CHECK(path.total_days == 30);
}

TEST_CASE("the critical path follows link types and lags") {
  using store::LinkType;
  // A(10). B(30) starts 5 days after A starts (SS+5): finishes at day 35. C(10) must finish with
  // A's finish plus 30 (FF+30): finishes at 40, so C, not B, ends the path.
  std::vector<MilestoneRecord> ms = {M(1, "A", "2010-01-01", "2010-01-11"),
                                     M(2, "B", "2010-01-11", "2010-02-10", {1}),
                                     M(3, "C", "2010-01-11", "2010-01-21", {1})};
  ms[1].link_timings[1] = {LinkType::kStartToStart, 5};
  ms[2].link_timings[1] = {LinkType::kFinishToFinish, 30};
  auto path = ComputeCriticalPath(ms);
  CHECK(path.milestone_ids == std::vector<std::int64_t>{1, 3});
  CHECK(path.total_days == 40);

  // As finish-to-start links without lags: A then B, 40 days; C would finish at 20.
  ms[1].link_timings.clear();
  ms[2].link_timings.clear();
  path = ComputeCriticalPath(ms);
  CHECK(path.milestone_ids == std::vector<std::int64_t>{1, 2});
  CHECK(path.total_days == 40);

  // A lead (FS-5) overlaps B with A: B finishes at 35; start-to-finish ties C's finish to A's
  // start plus 50: C finishes at 50.
  ms[1].link_timings[1] = {LinkType::kFinishToStart, -5};
  ms[2].link_timings[1] = {LinkType::kStartToFinish, 50};
  path = ComputeCriticalPath(ms);
  CHECK(path.milestone_ids == std::vector<std::int64_t>{1, 3});
  CHECK(path.total_days == 50);
}

TEST_CASE("a milestone needs a title and a due date, and takes the due date as baseline") {
  auto m = M(0, " Pathway agreed ", "", "2010-04-01");
  m.baseline_due = "";
  REQUIRE(NormaliseMilestone(m));
  CHECK(m.title == "Pathway agreed");
  CHECK(m.baseline_due == "2010-04-01");
  auto bad = M(0, "", "2010-05-01", "2010-04-01");
  bad.percent_complete = 120;
  const auto result = NormaliseMilestone(bad);
  REQUIRE_FALSE(result);
  CHECK(result.error().violations.size() == 3);
}

TEST_CASE("a milestone patch copies only the fields in the mask") {
  auto target = M(3, "Go live", "", "2010-03-01", {1});
  auto patch = M(0, "Renamed", "2010-01-01", "2010-04-01", {2});
  patch.completed = "2010-04-02";
  ApplyMilestonePatch(target, patch, {"due_date", "predecessors"});
  CHECK(target.title == "Go live");
  CHECK(target.start_date.empty());
  CHECK(target.due == "2010-04-01");
  CHECK(target.baseline_due == "2010-03-01");
  CHECK(target.completed.empty());
  CHECK(target.predecessor_ids == std::vector<std::int64_t>{2});
  CHECK(MilestoneUpdatableFields().size() == 8);
}

TEST_CASE("overdue: not completed and due before today, and due today is not yet overdue") {
  store::MilestoneRecord m;
  m.due = "2009-06-30";
  CHECK(domain::IsOverdue(m, "2009-07-01"));
  CHECK_FALSE(domain::IsOverdue(m, "2009-06-30"));
  CHECK_FALSE(domain::IsOverdue(m, "2009-06-01"));
  m.completed = "2009-07-02";
  CHECK_FALSE(domain::IsOverdue(m, "2009-08-01"));
  m.completed.clear();
  m.due.clear();
  CHECK_FALSE(domain::IsOverdue(m, "2009-08-01"));
  // Timings says the same, and how late
  m.due = "2009-06-30";
  const auto t = domain::Timings(m, *CivilDate::Parse("2009-07-10"));
  CHECK(t.overdue);
  CHECK(t.days_overdue == 10);
}
