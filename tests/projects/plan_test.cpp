#include "server/projects/plan.h"
#include "server/projects/milestone_links.h"

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
  CHECK(pathway.predecessors == std::vector<PlanLink>{{"mspdi:2", {}}});
  const auto& refit = Task(*plan, "mspdi:5");
  CHECK(refit.title == "GPwSI accreditation & clinic refit");
  CHECK(refit.percent_complete == 60);
  CHECK(refit.completed.empty());
  CHECK(refit.predecessors == std::vector<PlanLink>{{"mspdi:3", {}}});  // link to summary 'Planning' dropped
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

  // A task's own problem is one of the file's problems, not the end of the reading.
  plan = ParseMspdiPlan("<Project><Tasks>\n<Task><UID>1</UID><Name>A</Name><Start>2010-01-01T08:00:00</Start>"
                        "<Finish>someday</Finish></Task></Tasks></Project>");
  REQUIRE(plan);
  REQUIRE(plan->problems.size() == 1);
  CHECK(plan->problems[0].line == 2);
  CHECK(plan->problems[0].reason == "task 1 ('A') has no valid <Start> and <Finish> dates");
  CHECK(plan->tasks.empty());
}

TEST_CASE("a CSV plan with quoted fields reads like the MSPDI one") {
  const auto plan = ParseCsvPlan(Read(kOwnFixtures + "/community-dermatology-plan.csv"));
  REQUIRE(plan);
  REQUIRE(plan->tasks.size() == 5);
  CHECK(plan->tasks[1].title == "Referral pathway agreed with Riverside University Hospitals, incl. 2-week wait");
  CHECK(plan->tasks[1].predecessors == std::vector<PlanLink>{{"csv:1", {}}});
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
  REQUIRE(plan);
  REQUIRE(plan->problems.size() == 1);
  CHECK(plan->problems[0].line == 2);
  CHECK(plan->problems[0].column == "percent_complete");
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
  cyclic.tasks[0].predecessors = {{"csv:5", {}}};
  const auto cycle = MergePlan(empty, cyclic);
  REQUIRE_FALSE(cycle);
  CHECK(cycle.error().reason == "MALFORMED_PLAN");
  CHECK(cycle.error().violations.at(0).description.find("would depend on each other in a cycle") != std::string::npos);
  auto bad = plan;
  bad.tasks[2].due = "2010-13-01";
  const auto invalid = MergePlan(empty, bad);
  REQUIRE_FALSE(invalid);
  CHECK(invalid.error().violations.at(0).field == "line 4: due_date");
}

TEST_CASE("a plan's problems are all reported in one pass, each with its line") {
  // Line 2: a bad percentage and a link without a type; line 3: no due date; line 4: completed
  // before its predecessor (line 2, never completed); line 5: follows a task that is not there.
  const std::string csv =
      "id,title,due,completed,percent_complete,predecessors\n"
      "1,Business case,2010-01-31,,lots,\n"
      "2,Pathway agreed,,,,1\n"
      "3,Clinic open,2010-03-01,2010-02-20,,1\n"
      "4,Review,2010-04-01,,,9\n";
  const auto plan = ParseCsvPlan(csv);
  REQUIRE(plan);
  REQUIRE(plan->problems.size() == 1);  // the parser's own: line 2's percentage
  const auto merged = MergePlan(store::Schedule{7, 0, {}}, *plan);
  REQUIRE_FALSE(merged);
  CHECK(merged.error().reason == "MALFORMED_PLAN");
  std::vector<std::string> fields;
  for (const auto& v : merged.error().violations) fields.push_back(v.field + " | " + v.description);
  CHECK(fields == std::vector<std::string>{
                      "line 2: percent_complete | 'lots' is not a whole number from 0 to 100",
                      "line 3: due_date | is required, as YYYY-MM-DD",
                      "line 5: predecessors | 'Review' follows csv:9, which is not in the plan"});
  CHECK(merged.error().message.find("3 problem(s) in the file") != std::string::npos);

  // With the file's own problems mended, the completion order is a problem of line 4, not a
  // failed precondition of the import.
  const auto mended = ParseCsvPlan(
      "id,title,due,completed,predecessors\n"
      "1,Business case,2010-01-31,,\n"
      "2,Clinic open,2010-03-01,2010-02-20,1\n");
  const auto order = MergePlan(store::Schedule{7, 0, {}}, *mended);
  REQUIRE_FALSE(order);
  CHECK(order.error().code == ErrorCode::kInvalidArgument);
  REQUIRE(order.error().violations.size() == 1);
  CHECK(order.error().violations[0].field == "line 3: completed");
  CHECK(order.error().violations[0].description ==
        "milestone 'Clinic open' cannot be complete while its predecessor 'Business case' is not");
}

TEST_CASE("MS Project's link types and lags are read from MSPDI and from the CSV's predecessors") {
  // MPXJ's relations sample: 2 follows 1 (FS), 3 starts a day after 2 starts (SS, 4800 tenths of
  // a minute = one 8-hour day), 4 finishes with 3 (FF), 5 finishes when 4 starts (SF).
  const auto plan = ParseMspdiPlan(Read(std::string(KMHUB_FIXTURES_DIR) + "/mspdi/mpxj-mspdirelations.xml"));
  REQUIRE(plan);
  CHECK(plan->problems.empty());
  using store::LinkType;
  CHECK(Task(*plan, "mspdi:2").predecessors == std::vector<PlanLink>{{"mspdi:1", {LinkType::kFinishToStart, 0}}});
  CHECK(Task(*plan, "mspdi:3").predecessors == std::vector<PlanLink>{{"mspdi:2", {LinkType::kStartToStart, 1}}});
  CHECK(Task(*plan, "mspdi:4").predecessors == std::vector<PlanLink>{{"mspdi:3", {LinkType::kFinishToFinish, 0}}});
  CHECK(Task(*plan, "mspdi:5").predecessors == std::vector<PlanLink>{{"mspdi:4", {LinkType::kStartToFinish, 0}}});

  const auto csv = ParseCsvPlan(
      "id,title,due,predecessors\n"
      "1,A,2010-01-31,\n"
      "2,B,2010-02-28,1SS+3d\n"
      "3,C,2010-03-31,1 FF - 2 days; 2\n"
      "4,D,2010-04-30,2XX\n"
      "5,E,2010-05-31,1+2d\n");
  REQUIRE(csv);
  CHECK(Task(*csv, "csv:2").predecessors == std::vector<PlanLink>{{"csv:1", {LinkType::kStartToStart, 3}}});
  CHECK(Task(*csv, "csv:3").predecessors ==
        std::vector<PlanLink>{{"csv:1", {LinkType::kFinishToFinish, -2}}, {"csv:2", {}}});
  CHECK(Task(*csv, "csv:4").predecessors == std::vector<PlanLink>{{"csv:2XX", {}}});  // an id MergePlan will not find
  REQUIRE(csv->problems.size() == 1);
  CHECK(csv->problems[0].line == 6);
  CHECK(csv->problems[0].reason == "'1+2d' has a lag but no link type (FS, SS, FF or SF) before it");
}

TEST_CASE("a percentage lag in MSPDI is a problem of its line, not a guess") {
  const auto plan = ParseMspdiPlan(
      "<Project><Tasks>\n"
      "<Task><UID>1</UID><Name>A</Name><Start>2010-01-01T08:00:00</Start><Finish>2010-01-05T17:00:00</Finish></Task>\n"
      "<Task><UID>2</UID><Name>B</Name><Start>2010-01-06T08:00:00</Start><Finish>2010-01-09T17:00:00</Finish>\n"
      "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>500</LinkLag><LagFormat>19</LagFormat>"
      "</PredecessorLink></Task>\n"
      "<Task><UID>3</UID><Name>C</Name><Start>2010-01-06T08:00:00</Start><Finish>2010-01-09T17:00:00</Finish>\n"
      "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>28800</LinkLag><LagFormat>8</LagFormat>"
      "</PredecessorLink></Task>\n"
      "</Tasks></Project>");
  REQUIRE(plan);
  REQUIRE(plan->problems.size() == 1);
  CHECK(plan->problems[0].line == 4);
  CHECK(plan->problems[0].column == "LagFormat");
  // 28,800 tenths of a minute in elapsed days (format 8) is two 24-hour days.
  CHECK(Task(*plan, "mspdi:3").predecessors ==
        std::vector<PlanLink>{{"mspdi:1", {store::LinkType::kFinishToStart, 2}}});
}

TEST_CASE("links in MS Project's notation: type and lag after the predecessor's id") {
  std::string why;
  auto link = ParseWrittenLink("12", &why);
  REQUIRE(link);
  CHECK(link->key == "12");
  CHECK(link->timing == store::LinkTiming{});
  link = ParseWrittenLink("4ss", &why);
  CHECK(link->key == "4");
  CHECK(link->timing.type == store::LinkType::kStartToStart);
  link = ParseWrittenLink("t-3FS-10 days", &why);
  CHECK(link->key == "t-3");
  CHECK(link->timing.lag_days == -10);
  link = ParseWrittenLink("t-3", &why);
  CHECK(link->key == "t-3");
  CHECK_FALSE(ParseWrittenLink("4FS+99999d", &why));
  CHECK(why == "the lag in '4FS+99999d' is more than 3650 days");
  CHECK(LinkSuffix({store::LinkType::kFinishToFinish, 2}) == "FF+2d");
  CHECK(LinkSuffix({store::LinkType::kFinishToStart, -1}) == "FS-1d");
  CHECK(LinkSuffix({}).empty());
  // What the store writes it reads back.
  for (const auto& timing : {store::LinkTiming{store::LinkType::kStartToFinish, -7}, store::LinkTiming{}}) {
    link = ParseWrittenLink("42" + LinkSuffix(timing), &why);
    REQUIRE(link);
    CHECK(link->key == "42");
    CHECK(link->timing == timing);
  }
}
