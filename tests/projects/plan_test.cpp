#include "server/projects/plan.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace kmhub;
using namespace kmhub::domain;

namespace {
std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}
const std::string kOwnFixtures = KMHUB_TEST_FIXTURES_DIR;

const PlanTask& Task(const Plan& plan, const std::string& id) {
  for (const auto& t : plan.tasks)
    if (t.external_id == id) return t;
  FAIL("no task " << id);
  return plan.tasks.front();
}
}  // namespace

TEST_CASE("an MSPDI plan: summary tasks left out, baselines, completion, milestones and links") {
  const auto plan = ParseMspdiPlan(Read(kOwnFixtures + "/community-dermatology-plan.xml"));
  REQUIRE(plan);
  REQUIRE(plan->tasks.size() == 5);  // UIDs 2, 3, 5, 6, 7; 0, 1 and 4 are summaries
  const auto& pathway = Task(*plan, "mspdi:3");
  CHECK(pathway.title == "Referral pathway agreed with Riverside University Hospitals");
  CHECK(pathway.start == "2009-11-02");
  CHECK(pathway.due == "2009-12-18");
  CHECK(pathway.baseline_due == "2009-12-04");  // Baseline 0, not Baseline 1
  CHECK(pathway.completed == "2009-12-18");
  CHECK(pathway.predecessor_external_ids == std::vector<std::string>{"mspdi:2"});
  const auto& refit = Task(*plan, "mspdi:5");
  CHECK(refit.title == "GPwSI accreditation & clinic refit");
  CHECK(refit.percent_complete == 60);
  CHECK(refit.completed.empty());
  CHECK(refit.predecessor_external_ids == std::vector<std::string>{"mspdi:3"});  // link to summary 'Planning' dropped
  const auto& opens = Task(*plan, "mspdi:6");
  CHECK(opens.start.empty());  // a milestone
  CHECK(opens.baseline_due == "2010-04-06");
  REQUIRE(plan->warnings.size() == 2);
  CHECK(plan->warnings[0] == "the link from 'GPwSI accreditation & clinic refit' to summary task 'Planning' was left out");
}

TEST_CASE("the MPXJ sample MSPDI file (nested summaries, recurring tasks) is read") {
  const auto plan = ParseMspdiPlan(Read(std::string(KMHUB_FIXTURES_DIR) + "/mspdi/mpxj-sample1.xml"));
  REQUIRE(plan);
  CHECK(plan->tasks.size() > 5);
  for (const auto& t : plan->tasks) {
    CHECK_FALSE(t.title.empty());
    CHECK(t.due.size() == 10);
  }
}

TEST_CASE("malformed MSPDI names the line, and nothing else is produced") {
  auto plan = ParseMspdiPlan("<?xml version=\"1.0\"?>\n<Project>\n<Tasks>\n<Task><UID>1</UID>\n</Tasks>\n</Project>\n");
  REQUIRE_FALSE(plan);
  CHECK(plan.error().reason == "MALFORMED_PLAN");
  CHECK(plan.error().message.find("line 5") != std::string::npos);
  CHECK(plan.error().message.find("not well-formed XML") != std::string::npos);

  plan = ParseMspdiPlan("<Workbook/>");
  REQUIRE_FALSE(plan);
  CHECK(plan.error().message.find("not a Microsoft Project XML") != std::string::npos);

  plan = ParseMspdiPlan("<Project><Tasks>\n<Task><UID>1</UID><Name>A</Name><Start>2010-01-01T08:00:00</Start>"
                        "<Finish>someday</Finish></Task></Tasks></Project>");
  REQUIRE_FALSE(plan);
  CHECK(plan.error().message.find("line 2: task 1 ('A') has no valid <Start> and <Finish> dates") != std::string::npos);
}

TEST_CASE("a CSV plan with quoted fields reads like the MSPDI one") {
  const auto plan = ParseCsvPlan(Read(kOwnFixtures + "/community-dermatology-plan.csv"));
  REQUIRE(plan);
  REQUIRE(plan->tasks.size() == 5);
  CHECK(plan->tasks[1].title == "Referral pathway agreed with Riverside University Hospitals, incl. 2-week wait");
  CHECK(plan->tasks[1].predecessor_external_ids == std::vector<std::string>{"csv:1"});
  CHECK(plan->tasks[3].start.empty());
  CHECK(plan->tasks[4].baseline_due.empty());
}

TEST_CASE("CSV plan errors name the line and column") {
  auto plan = ParseCsvPlan("id,title,due,colour\n1,A,2010-01-01,red\n");
  REQUIRE_FALSE(plan);
  CHECK(plan.error().message.find("line 1, column colour: unknown column") != std::string::npos);
  plan = ParseCsvPlan("id,title\n1,A\n");
  CHECK(plan.error().message.find("column due: this column is required") != std::string::npos);
  plan = ParseCsvPlan("id,title,due,percent_complete\n1,A,2010-01-01,lots\n");
  CHECK(plan.error().message.find("line 2, column percent_complete") != std::string::npos);
  plan = ParseCsvPlan("id,title,due\n1,\"A,2010-01-01\n");
  CHECK(plan.error().reason == "MALFORMED_CSV");
}

TEST_CASE("merging a plan: re-import matches by external id, cycles and bad dates are refused") {
  const auto plan = *ParseCsvPlan(Read(kOwnFixtures + "/community-dermatology-plan.csv"));
  store::Schedule empty{7, 0, {}};
  const auto first = MergePlan(empty, plan);
  REQUIRE(first);
  CHECK(first->created == 5);
  CHECK(first->updated == 0);
  CHECK(first->milestones[4].baseline_due == "2010-09-30");  // empty baseline takes the due date

  // The schedule as stored after the first import (ids 11..15).
  store::Schedule stored{7, 1, first->milestones};
  for (std::size_t i = 0; i < stored.milestones.size(); ++i) {
    stored.milestones[i].id = 11 + static_cast<std::int64_t>(i);
    for (auto& p : stored.milestones[i].predecessor_ids) p = 11 + (-p - 1);
  }
  const auto again = MergePlan(stored, plan);
  REQUIRE(again);
  CHECK(again->created == 0);
  CHECK(again->updated == 5);
  CHECK(again->milestones[1].predecessor_ids == std::vector<std::int64_t>{11});

  auto cyclic = plan;
  for (auto& t : cyclic.tasks) t.completed.clear();  // so that only the cycle is wrong
  cyclic.tasks[0].predecessor_external_ids = {"csv:5"};
  CHECK(MergePlan(empty, cyclic).error().reason == "MILESTONE_CYCLE");
  auto bad = plan;
  bad.tasks[2].due = "2010-13-01";
  const auto invalid = MergePlan(empty, bad);
  REQUIRE_FALSE(invalid);
  CHECK(invalid.error().violations.at(0).field == "line 4: due_date");
}
