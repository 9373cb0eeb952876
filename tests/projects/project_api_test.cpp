#include "server/projects/project_api.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <google/protobuf/util/message_differencer.h>

#include "kmhub/v1/project.grpc.pb.h"
#include "shared/civil_date.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;
using namespace kmhub::v1;

namespace {

std::string DaysFromToday(int days) {
  return CivilDate(std::chrono::year_month_day(CivilDate::Today().days() + std::chrono::days(days))).ToString();
}

// The project service through its own stub (the client library grows project calls with the CLI).
struct ProjectFixture {
  explicit ProjectFixture(Backend backend)
      : server(backend), stub(ProjectService::NewStub(server.client().channel())) {
    CreateOrganisationRequest org;
    org.mutable_organisation()->set_display_name("North Riverside PBC Consortium");
    org.mutable_organisation()->set_kind(ORGANISATION_KIND_PBC_CONSORTIUM);
    Organisation out;
    REQUIRE(server.client().CreateOrganisation(org, &out).ok());
    consortium = out.name();
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (ProjectService::Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + server.admin_token());
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return (stub.get()->*method)(&ctx, request, response);
  }

  Project MakeProject(const std::string& code, ProjectState state = PROJECT_STATE_ACTIVE,
                      const std::string& planned_end = "") {
    CreateProjectRequest request;
    auto* p = request.mutable_project();
    p->set_code(code);
    p->set_title("Community dermatology " + code);
    p->set_consortium(consortium);
    p->set_state(state);
    p->set_planned_start_date(DaysFromToday(-200));
    p->set_planned_end_date(planned_end.empty() ? DaysFromToday(200) : planned_end);
    p->set_investment_pence(4500000);
    Project out;
    REQUIRE(Call(&ProjectService::Stub::CreateProject, request, &out).ok());
    return out;
  }

  Milestone AddMilestone(const std::string& project, const std::string& title, const std::string& due,
                         std::vector<std::string> predecessors = {}, const std::string& start = "") {
    CreateMilestoneRequest request;
    request.set_parent(project);
    request.mutable_milestone()->set_title(title);
    request.mutable_milestone()->set_due_date(due);
    request.mutable_milestone()->set_start_date(start);
    for (const auto& p : predecessors) request.mutable_milestone()->add_predecessors(p);
    Milestone out;
    const auto status = Call(&ProjectService::Stub::CreateMilestone, request, &out);
    INFO(status.error_message());
    REQUIRE(status.ok());
    return out;
  }

  ProjectStatus Status(const std::string& name, bool critical_path = false) {
    GetProjectStatusRequest request;
    request.set_name(name);
    request.set_include_critical_path(critical_path);
    ProjectStatus out;
    const auto status = Call(&ProjectService::Stub::GetProjectStatus, request, &out);
    INFO(status.error_message());
    REQUIRE(status.ok());
    return out;
  }

  TestServer server;
  std::unique_ptr<ProjectService::Stub> stub;
  std::string consortium;
};

}  // namespace

TEST_CASE("API: projects are created with a code, read back, and refuse a duplicate code") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ProjectFixture f(backend);
  const auto p = f.MakeProject("p-2009-014");
  CHECK(p.name() == "projects/P-2009-014");
  CHECK(p.state() == PROJECT_STATE_ACTIVE);
  CHECK(p.rag() == RAG_GREEN);
  CHECK(p.consortium() == f.consortium);

  CreateProjectRequest dup;
  dup.mutable_project()->set_code("P-2009-014");
  dup.mutable_project()->set_title("Again");
  Project out;
  const auto status = f.Call(&ProjectService::Stub::CreateProject, dup, &out);
  CHECK(status.error_code() == grpc::StatusCode::ALREADY_EXISTS);
  CHECK(DetailsOf(status).reason == "DUPLICATE_PROJECT_CODE");

  CreateProjectRequest bad;
  bad.mutable_project()->set_code("x");
  bad.mutable_project()->set_consortium("organisations/9999");
  bad.mutable_project()->set_title("T");
  const auto invalid = f.Call(&ProjectService::Stub::CreateProject, bad, &out);
  CHECK(invalid.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(invalid).violation_fields == std::vector<std::string>{"project.code"});
  bad.mutable_project()->set_code("P-X");
  CHECK(f.Call(&ProjectService::Stub::CreateProject, bad, &out).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: a project's state follows the allowed transitions only") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ProjectFixture f(backend);
  const auto p = f.MakeProject("P-1", PROJECT_STATE_PROPOSED);
  auto transition = [&](ProjectState to) {
    UpdateProjectRequest request;
    request.mutable_project()->set_name(p.name());
    request.mutable_project()->set_state(to);
    request.mutable_update_mask()->add_paths("state");
    Project out;
    return std::pair{f.Call(&ProjectService::Stub::UpdateProject, request, &out), out};
  };
  auto [skip, unused] = transition(PROJECT_STATE_COMPLETED);
  CHECK(skip.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(DetailsOf(skip).reason == "INVALID_STATE_TRANSITION");
  CHECK(transition(PROJECT_STATE_APPROVED).first.ok());
  const auto [ok, active] = transition(PROJECT_STATE_ACTIVE);
  REQUIRE(ok.ok());
  CHECK(active.actual_start_date() == CivilDate::Today().ToString());
  CHECK(transition(PROJECT_STATE_COMPLETED).first.ok());
  CHECK(transition(PROJECT_STATE_ACTIVE).first.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_CASE("API: RAG at its boundaries - exactly 30 days overdue is amber, 31 is red, end date today is not passed") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ProjectFixture f(backend);

  const auto thirty = f.MakeProject("P-30");
  f.AddMilestone(thirty.name(), "Pathway agreed", DaysFromToday(-30));
  auto status = f.Status(thirty.name());
  CHECK(status.rag() == RAG_AMBER);
  CHECK(status.rag_rule() == "MILESTONE_OVERDUE");
  REQUIRE(status.overdue_milestones_size() == 1);
  CHECK(status.overdue_milestones(0).days_overdue() == 30);

  const auto thirty_one = f.MakeProject("P-31");
  f.AddMilestone(thirty_one.name(), "Pathway agreed", DaysFromToday(-31));
  status = f.Status(thirty_one.name());
  CHECK(status.rag() == RAG_RED);
  CHECK(status.rag_rule() == "MILESTONE_OVERDUE_30_DAYS");

  const auto ends_today = f.MakeProject("P-END-TODAY", PROJECT_STATE_ACTIVE, DaysFromToday(0));
  CHECK(f.Status(ends_today.name()).rag() == RAG_GREEN);
  const auto ended = f.MakeProject("P-ENDED", PROJECT_STATE_ACTIVE, DaysFromToday(-1));
  status = f.Status(ended.name());
  CHECK(status.rag() == RAG_RED);
  CHECK(status.rag_rule() == "END_DATE_PASSED");

  // The latest status update sets the rating when milestones say nothing worse.
  CreateStatusUpdateRequest update;
  update.set_parent(ends_today.name());
  update.mutable_status_update()->set_narrative("Recruitment of the GPwSI is behind plan.");
  update.mutable_status_update()->set_rag(RAG_AMBER);
  StatusUpdate saved;
  REQUIRE(f.Call(&ProjectService::Stub::CreateStatusUpdate, update, &saved).ok());
  CHECK(saved.date() == CivilDate::Today().ToString());
  status = f.Status(ends_today.name());
  CHECK(status.rag() == RAG_AMBER);
  CHECK(status.rag_rule() == "LATEST_UPDATE");
  CHECK(status.latest_update().narrative() == "Recruitment of the GPwSI is behind plan.");
}

TEST_CASE("API: milestone cycles and completion before a predecessor are refused, nothing is written") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ProjectFixture f(backend);
  const auto p = f.MakeProject("P-CYCLE");
  const auto a = f.AddMilestone(p.name(), "Business case", DaysFromToday(10));
  const auto b = f.AddMilestone(p.name(), "Go live", DaysFromToday(40), {a.name()});

  UpdateMilestoneRequest cycle;
  cycle.mutable_milestone()->set_name(a.name());
  cycle.mutable_milestone()->add_predecessors(b.name());
  cycle.mutable_update_mask()->add_paths("predecessors");
  Milestone out;
  auto status = f.Call(&ProjectService::Stub::UpdateMilestone, cycle, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "MILESTONE_CYCLE");
  CHECK(status.error_message().find("'Business case' -> 'Go live' -> 'Business case'") != std::string::npos);

  UpdateMilestoneRequest early;
  early.mutable_milestone()->set_name(b.name());
  early.mutable_milestone()->set_completion_date(DaysFromToday(-1));
  early.mutable_update_mask()->add_paths("completion_date");
  status = f.Call(&ProjectService::Stub::UpdateMilestone, early, &out);
  CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(DetailsOf(status).reason == "COMPLETED_BEFORE_PREDECESSOR");

  ListMilestonesRequest list;
  list.set_parent(p.name());
  ListMilestonesResponse milestones;
  REQUIRE(f.Call(&ProjectService::Stub::ListMilestones, list, &milestones).ok());
  REQUIRE(milestones.milestones_size() == 2);
  CHECK(milestones.milestones(0).predecessors_size() == 0);
  CHECK(milestones.milestones(1).completion_date().empty());
}

TEST_CASE("API: the status call gives next milestone, slippage, counts and the critical path") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ProjectFixture f(backend);
  const auto p = f.MakeProject("P-STATUS");
  //   A(10 days) -> C(30) -> D(20) is longer than A -> B(5) -> D
  const auto a = f.AddMilestone(p.name(), "A", DaysFromToday(-20), {}, DaysFromToday(-30));
  const auto b = f.AddMilestone(p.name(), "B", DaysFromToday(-15), {a.name()}, DaysFromToday(-20));
  const auto c = f.AddMilestone(p.name(), "C", DaysFromToday(10), {a.name()}, DaysFromToday(-20));
  const auto d = f.AddMilestone(p.name(), "D", DaysFromToday(30), {b.name(), c.name()}, DaysFromToday(10));

  // A done on time; B's due date moved by 3 days from its baseline.
  UpdateMilestoneRequest done;
  done.mutable_milestone()->set_name(a.name());
  done.mutable_milestone()->set_completion_date(DaysFromToday(-21));
  done.mutable_update_mask()->add_paths("completion_date");
  Milestone out;
  REQUIRE(f.Call(&ProjectService::Stub::UpdateMilestone, done, &out).ok());
  UpdateMilestoneRequest slip;
  slip.mutable_milestone()->set_name(b.name());
  slip.mutable_milestone()->set_due_date(DaysFromToday(-12));
  slip.mutable_update_mask()->add_paths("due_date");
  REQUIRE(f.Call(&ProjectService::Stub::UpdateMilestone, slip, &out).ok());
  CHECK(out.slippage_days() == 3);
  CHECK(out.baseline_due_date() == DaysFromToday(-15));

  const auto status = f.Status(p.name(), true);
  CHECK(status.milestone_count() == 4);
  CHECK(status.completed_milestone_count() == 1);
  CHECK(status.next_milestone().name() == b.name());
  REQUIRE(status.overdue_milestones_size() == 1);
  CHECK(status.overdue_milestones(0).days_overdue() == 12);
  CHECK(status.rag() == RAG_AMBER);
  CHECK(std::vector<std::string>(status.critical_path().milestones().begin(), status.critical_path().milestones().end()) ==
        std::vector<std::string>{a.name(), c.name(), d.name()});
  CHECK(status.critical_path().total_days() == 60);
  CHECK(status.as_of() == CivilDate::Today().ToString());
}

TEST_CASE("API: the portfolio counts projects by state and RAG per consortium and lists the red ones") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ProjectFixture f(backend);
  f.MakeProject("P-GREEN");
  f.MakeProject("P-PROPOSED", PROJECT_STATE_PROPOSED);
  const auto red = f.MakeProject("P-RED", PROJECT_STATE_ACTIVE, DaysFromToday(-5));
  Portfolio portfolio;
  REQUIRE(f.Call(&ProjectService::Stub::GetPortfolio, GetPortfolioRequest(), &portfolio).ok());
  REQUIRE(portfolio.consortia_size() == 1);
  const auto& summary = portfolio.consortia(0);
  CHECK(summary.consortium_display_name() == "North Riverside PBC Consortium");
  CHECK(summary.project_count() == 3);
  CHECK(summary.by_state().at("PROJECT_STATE_ACTIVE") == 2);
  CHECK(summary.by_state().at("PROJECT_STATE_PROPOSED") == 1);
  CHECK(summary.by_rag().at("RAG_GREEN") == 2);
  CHECK(summary.by_rag().at("RAG_RED") == 1);
  REQUIRE(portfolio.red_projects_size() == 1);
  CHECK(portfolio.red_projects(0).name() == red.name());
  CHECK(portfolio.red_projects(0).rag_rule() == "END_DATE_PASSED");

  ListProjectsRequest list;
  list.set_rag(RAG_RED);
  ListProjectsResponse projects;
  REQUIRE(f.Call(&ProjectService::Stub::ListProjects, list, &projects).ok());
  REQUIRE(projects.projects_size() == 1);
  CHECK(projects.projects(0).name() == red.name());
  list.set_rag(RAG_UNSPECIFIED);
  list.set_state(PROJECT_STATE_ACTIVE);
  list.set_page_size(1);
  REQUIRE(f.Call(&ProjectService::Stub::ListProjects, list, &projects).ok());
  CHECK(projects.projects_size() == 1);
  CHECK_FALSE(projects.next_page_token().empty());
}

TEST_CASE("API: importing an MS Project plan twice updates instead of duplicating, a bad file changes nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ProjectFixture f(backend);
  const auto p = f.MakeProject("P-PLAN");
  std::ifstream in(std::string(KMHUB_TEST_FIXTURES_DIR) + "/community-dermatology-plan.xml");
  std::stringstream xml;
  xml << in.rdbuf();

  ImportPlanRequest request;
  request.set_parent(p.name());
  request.set_format(PLAN_FORMAT_MSPDI);
  request.set_data(xml.str());
  request.set_dry_run(true);
  ImportPlanResponse response;
  REQUIRE(f.Call(&ProjectService::Stub::ImportPlan, request, &response).ok());
  CHECK(response.summary().created() == 5);
  CHECK(response.milestones_size() == 5);
  CHECK(f.Status(p.name()).milestone_count() == 0);  // a dry run writes nothing

  request.set_dry_run(false);
  REQUIRE(f.Call(&ProjectService::Stub::ImportPlan, request, &response).ok());
  CHECK(response.summary().created() == 5);
  CHECK(response.warnings_size() == 2);
  REQUIRE(response.milestones_size() == 5);
  CHECK(response.milestones(1).title() == "Referral pathway agreed with Riverside University Hospitals");
  CHECK(response.milestones(1).slippage_days() == 14);
  CHECK(response.milestones(1).predecessors(0) == response.milestones(0).name());

  REQUIRE(f.Call(&ProjectService::Stub::ImportPlan, request, &response).ok());
  CHECK(response.summary().created() == 0);
  CHECK(response.summary().updated() == 5);
  CHECK(response.milestones_size() == 5);
  const auto status = f.Status(p.name(), true);
  CHECK(status.milestone_count() == 5);
  CHECK(status.completed_milestone_count() == 2);
  CHECK(status.critical_path().milestones_size() == 5);

  request.set_data(xml.str().substr(0, xml.str().size() / 2));  // cut short
  const auto cut = f.Call(&ProjectService::Stub::ImportPlan, request, &response);
  CHECK(cut.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(cut).reason == "MALFORMED_PLAN");
  CHECK(f.Status(p.name()).milestone_count() == 5);

  request.set_format(PLAN_FORMAT_UNSPECIFIED);
  CHECK(DetailsOf(f.Call(&ProjectService::Stub::ImportPlan, request, &response)).violation_fields ==
        std::vector<std::string>{"format"});
}

TEST_CASE("API: a retried plan import (same request id) gets the first answer and writes nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ProjectFixture f(backend);
  const auto p = f.MakeProject("P-PLAN-RETRY");
  std::ifstream in(std::string(KMHUB_TEST_FIXTURES_DIR) + "/community-dermatology-plan.xml");
  std::stringstream xml;
  xml << in.rdbuf();
  ImportPlanRequest request;
  request.set_parent(p.name());
  request.set_format(PLAN_FORMAT_MSPDI);
  request.set_data(xml.str());
  request.set_request_id("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60");
  ImportPlanResponse first, retried, other;
  REQUIRE(f.Call(&ProjectService::Stub::ImportPlan, request, &first).ok());
  CHECK(first.summary().created() == 5);
  const auto audit_rows = f.server.database().CountRows("audit_events");
  REQUIRE(f.Call(&ProjectService::Stub::ImportPlan, request, &retried).ok());
  // 5 created, not 5 updated; the same milestones at the same revisions (each write bumps one).
  CHECK(google::protobuf::util::MessageDifferencer::Equals(first, retried));
  CHECK(f.server.database().CountRows("audit_events") == audit_rows);
  CHECK(f.server.database().CountRows("milestones") == 5);
  // Another request id is another import: it updates the five.
  request.set_request_id("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a61");
  REQUIRE(f.Call(&ProjectService::Stub::ImportPlan, request, &other).ok());
  CHECK(other.summary().created() == 0);
  CHECK(other.summary().updated() == 5);
  CHECK(f.server.database().CountRows("audit_events") > audit_rows);
}

TEST_CASE("API: an organisation named by a project cannot be deleted, not even with force") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  ProjectFixture f(backend);
  f.MakeProject("P-KEEP");
  DeleteOrganisationRequest del;
  del.set_name(f.consortium);
  del.set_force(true);
  const auto status = f.server.client().DeleteOrganisation(del);
  CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(DetailsOf(status).reason == "ORGANISATION_IN_PROJECTS");
  CHECK(status.error_message().find("1 project(s)") != std::string::npos);
  CHECK(f.server.database().CountRows("organisations") == 1);
}
