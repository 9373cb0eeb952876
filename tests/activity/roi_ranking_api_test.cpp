// RankProjectRoi: every project ranked by its change in procedures per £, against its peers'
// median; roll-ups rebuilt when activity is re-imported or a project's scope changes. Both
// databases.

#include <catch2/catch.hpp>

#include "kmhub/v1/activity.grpc.pb.h"
#include "server/activity/activity_store.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;
using Catch::Detail::Approx;

namespace {

std::string Org(client::KmhubClient& client, const std::string& name, kmhub::v1::OrganisationKind kind) {
  return CreateOrganisation(client, name, kind);
}

void Member(client::KmhubClient& client, const std::string& practice, const std::string& consortium) {
  kmhub::v1::CreateRelationshipRequest r;
  r.mutable_relationship()->set_organisation(practice);
  r.mutable_relationship()->set_related_organisation(consortium);
  r.mutable_relationship()->set_type(kmhub::v1::RELATIONSHIP_TYPE_CONSORTIUM_MEMBERSHIP);
  r.mutable_relationship()->set_start_date("2007-04-01");
  kmhub::v1::Relationship made;
  REQUIRE(client.CreateRelationship(r, &made).ok());
}

void Project(client::KmhubClient& client, const std::string& code, const std::string& consortium,
             kmhub::v1::ProjectState state, const std::string& start, const std::string& end,
             const std::string& procedure) {
  kmhub::v1::CreateProjectRequest r;
  r.mutable_project()->set_code(code);
  r.mutable_project()->set_title("Project " + code);
  r.mutable_project()->set_consortium(consortium);
  r.mutable_project()->set_state(state);
  r.mutable_project()->set_planned_start_date(start);
  r.mutable_project()->set_planned_end_date(end);
  r.mutable_project()->add_procedure_codes(procedure);
  kmhub::v1::Project made;
  REQUIRE(client.CreateProject(r, &made).ok());
}

void Fill(std::vector<store::ActivityRecord>& rows, std::int64_t org, const std::string& code, Month first, Month last,
          std::int64_t count, std::int64_t pounds) {
  for (Month m = first; m <= last; m = m.Plus(1)) rows.push_back({org, code, m, count, pounds * 100});
}

kmhub::v1::RankProjectRoiResponse Rank(TestServer& server, const kmhub::v1::RankProjectRoiRequest& request) {
  kmhub::v1::RankProjectRoiResponse out;
  const auto status = server.client().RankProjectRoi(request, &out);
  INFO(status.error_message());
  REQUIRE(status.ok());
  return out;
}

std::vector<std::string> Order(const kmhub::v1::RankProjectRoiResponse& r) {
  std::vector<std::string> codes;
  for (const auto& p : r.projects()) codes.push_back(p.project().substr(9));
  return codes;
}

}  // namespace

TEST_CASE("API: projects ranked by ROI change against their peers' median, kept up to date") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  const auto north = Org(client, "North PBC Consortium", kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM);
  const auto south = Org(client, "South PBC Consortium", kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM);
  const auto mill = Org(client, "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  const auto fen = Org(client, "Fenview Practice", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  Member(client, mill, north);
  Project(client, "P-A", north, kmhub::v1::PROJECT_STATE_COMPLETED, "2009-04-01", "2010-03-31", "W371");
  Project(client, "P-B", north, kmhub::v1::PROJECT_STATE_COMPLETED, "2009-04-01", "2010-03-31", "HB12C");
  Project(client, "P-C", north, kmhub::v1::PROJECT_STATE_ACTIVE, "2010-01-01", "2030-12-31", "W371");
  Project(client, "P-D", south, kmhub::v1::PROJECT_STATE_PROPOSED, "2009-04-01", "2010-03-31", "W371");

  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {}},
                                     {"HB12C", 2, "Major hip procedures", {}}}));
  std::vector<store::ActivityRecord> rows;
  const auto m = IdOf(mill);
  Fill(rows, m, "W371", Month(2008, 4), Month(2009, 3), 10, 1000);   // P-A before: 0.01 per £
  Fill(rows, m, "W371", Month(2009, 4), Month(2010, 3), 12, 1100);
  Fill(rows, m, "W371", Month(2010, 4), Month(2011, 6), 15, 1200);   // P-A after: 0.0125 per £ (+25 %)
  Fill(rows, m, "HB12C", Month(2008, 4), Month(2009, 3), 20, 1000);  // P-B before: 0.02 per £
  Fill(rows, m, "HB12C", Month(2010, 4), Month(2011, 6), 18, 1000);  // P-B after: 0.018 per £ (−10 %)
  REQUIRE(activity.ReplaceActivity(rows, false));

  auto all = Rank(server, {});
  CHECK(all.window_months() == 12);
  CHECK(all.total() == 4);
  CHECK(all.ranked() == 2);
  CHECK(all.median_change_percent() == Approx(7.5));
  // Ranked first, then the unranked by code: P-C is still running, P-D's consortium has no data.
  REQUIRE(Order(all) == std::vector<std::string>{"P-A", "P-B", "P-C", "P-D"});
  const auto& a = all.projects(0);
  CHECK(a.rank() == 1);
  CHECK(a.consortium() == north);
  CHECK(a.before_per_pound() == Approx(0.01));
  CHECK(a.after_per_pound() == Approx(0.0125));
  CHECK(a.change_per_pound_percent() == Approx(25));
  CHECK(a.peer_median_change_percent() == Approx(-10));  // its only peer, P-B
  CHECK(a.versus_peer_median() == Approx(35));
  CHECK(a.benchmark() == kmhub::v1::ROI_BENCHMARK_ABOVE_MEDIAN);
  const auto& b = all.projects(1);
  CHECK(b.rank() == 2);
  CHECK(b.change_per_pound_percent() == Approx(-10));
  CHECK(b.versus_peer_median() == Approx(-35));
  CHECK(b.benchmark() == kmhub::v1::ROI_BENCHMARK_BELOW_MEDIAN);
  const auto& c = all.projects(2);
  CHECK(c.rank() == 0);
  CHECK(c.after_state() == kmhub::v1::ROI_WINDOW_STATE_NOT_REACHED);
  CHECK(c.benchmark() == kmhub::v1::ROI_BENCHMARK_NOT_RANKED);
  CHECK_FALSE(c.has_change_per_pound_percent());
  CHECK(all.projects(3).before_state() == kmhub::v1::ROI_WINDOW_STATE_NO_DATA);

  // The ranking and a single project's ROI agree.
  kmhub::v1::ComputeProjectRoiRequest one;
  one.set_name("projects/P-A");
  kmhub::v1::ProjectRoi roi;
  REQUIRE(client.ComputeProjectRoi(one, &roi).ok());
  CHECK(roi.change_per_pound_percent() == Approx(a.change_per_pound_percent()));

  SECTION("filters and pages") {
    kmhub::v1::RankProjectRoiRequest request;
    request.set_consortium(south);
    CHECK(Order(Rank(server, request)) == std::vector<std::string>{"P-D"});
    request.clear_consortium();
    request.add_states(kmhub::v1::PROJECT_STATE_ACTIVE);
    request.add_states(kmhub::v1::PROJECT_STATE_PROPOSED);
    CHECK(Order(Rank(server, request)) == std::vector<std::string>{"P-C", "P-D"});
    request.clear_states();
    request.set_page_size(1);
    auto first = Rank(server, request);
    CHECK(Order(first) == std::vector<std::string>{"P-A"});
    REQUIRE_FALSE(first.next_page_token().empty());
    request.set_page_token(first.next_page_token());
    CHECK(Order(Rank(server, request)) == std::vector<std::string>{"P-B"});
    request.set_window_months(6);  // another query: its token is refused
    kmhub::v1::RankProjectRoiResponse out;
    CHECK(client.RankProjectRoi(request, &out).error_code() == grpc::StatusCode::INVALID_ARGUMENT);

    kmhub::v1::RankProjectRoiRequest bad;
    bad.add_states(static_cast<kmhub::v1::ProjectState>(42));
    bad.set_window_months(100);
    const auto status = client.RankProjectRoi(bad, &out);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"window_months", "states[0]"});
    bad.Clear();
    bad.set_consortium("organisations/999999");
    CHECK(client.RankProjectRoi(bad, &out).error_code() == grpc::StatusCode::NOT_FOUND);
  }

  SECTION("a re-import is reflected at once") {
    std::vector<store::ActivityRecord> better;
    Fill(better, m, "HB12C", Month(2010, 4), Month(2011, 3), 30, 1000);  // P-B after: 0.03 per £ (+50 %)
    REQUIRE(activity.ReplaceActivity(better, false));
    const auto now = Rank(server, {});
    REQUIRE(Order(now) == std::vector<std::string>{"P-B", "P-A", "P-C", "P-D"});
    CHECK(now.projects(0).change_per_pound_percent() == Approx(50));
  }

  SECTION("a new member practice changes the scope, and the figures") {
    std::vector<store::ActivityRecord> fen_rows;
    Fill(fen_rows, IdOf(fen), "W371", Month(2010, 4), Month(2011, 3), 5, 1200);
    REQUIRE(activity.ReplaceActivity(fen_rows, false));
    CHECK(Rank(server, {}).projects(0).change_per_pound_percent() == Approx(25));  // Fenview is not a member yet
    Member(client, fen, north);
    // P-A after: (15 + 5) a month for £2,400 → 0.008333 per £, −16.7 %.
    const auto now = Rank(server, {});
    REQUIRE(Order(now) == std::vector<std::string>{"P-B", "P-A", "P-C", "P-D"});
    CHECK(now.projects(1).change_per_pound_percent() == Approx(-100.0 / 6));
  }
}
