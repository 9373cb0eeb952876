// ComputeProjectRoi over a project's consortium and member practices, on both databases.

#include <catch2/catch.hpp>

#include <sstream>

#include <google/protobuf/util/message_differencer.h>

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

void Fill(std::vector<store::ActivityRecord>& rows, std::int64_t org, Month first, Month last, std::int64_t count,
          std::int64_t pounds) {
  for (Month m = first; m <= last; m = m.Plus(1)) rows.push_back({org, "W371", m, count, pounds * 100});
}

grpc::Status Roi(TestServer& server, const kmhub::v1::ComputeProjectRoiRequest& request, kmhub::v1::ProjectRoi* out) {
  auto stub = kmhub::v1::ActivityService::NewStub(server.client().channel());
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + server.admin_token());
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return stub->ComputeProjectRoi(&ctx, request, out);
}

}  // namespace

TEST_CASE("API: ROI of a completed project over its consortium's member practices, with a comparator") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  const auto consortium = Org(client, "North Riverside PBC Consortium", kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM);
  const auto member = Org(client, "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  const auto outsider = Org(client, "Fenview Practice", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  kmhub::v1::CreateRelationshipRequest membership;
  membership.mutable_relationship()->set_organisation(member);
  membership.mutable_relationship()->set_related_organisation(consortium);
  membership.mutable_relationship()->set_type(kmhub::v1::RELATIONSHIP_TYPE_CONSORTIUM_MEMBERSHIP);
  membership.mutable_relationship()->set_start_date("2007-04-01");
  kmhub::v1::Relationship made;
  REQUIRE(client.CreateRelationship(membership, &made).ok());

  kmhub::v1::CreateProjectRequest project;
  project.mutable_project()->set_code("P-HIP");
  project.mutable_project()->set_title("Hip replacement pathway");
  project.mutable_project()->set_consortium(consortium);
  project.mutable_project()->set_state(kmhub::v1::PROJECT_STATE_COMPLETED);
  project.mutable_project()->set_actual_start_date("2009-04-01");
  project.mutable_project()->set_actual_end_date("2010-03-31");
  project.mutable_project()->set_investment_pence(30000 * 100);
  project.mutable_project()->add_procedure_codes("W37.1");
  kmhub::v1::Project p;
  REQUIRE(client.CreateProject(project, &p).ok());
  CHECK(p.procedure_codes(0) == "W371");

  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {{2008, 500000}}}}));
  std::vector<store::ActivityRecord> rows;
  Fill(rows, IdOf(member), Month(2008, 4), Month(2009, 3), 10, 1000);  // before: 0.01 per £
  Fill(rows, IdOf(member), Month(2009, 4), Month(2010, 3), 12, 1100);  // during
  Fill(rows, IdOf(member), Month(2010, 4), Month(2011, 6), 15, 1200);  // after: 0.0125 per £
  Fill(rows, IdOf(outsider), Month(2008, 4), Month(2009, 3), 20, 2000);
  Fill(rows, IdOf(outsider), Month(2010, 4), Month(2011, 3), 22, 2000);
  REQUIRE(activity.ReplaceActivity(rows, false));

  kmhub::v1::ComputeProjectRoiRequest request;
  request.set_name("projects/P-HIP");
  kmhub::v1::ProjectRoi roi;
  REQUIRE(Roi(server, request, &roi).ok());
  CHECK(roi.window_months() == 12);
  CHECK(roi.latest_month() == "2011-06");
  CHECK(roi.organisations_size() == 2);  // the consortium and its member, not the outsider
  CHECK(roi.before().state() == kmhub::v1::ROI_WINDOW_STATE_COMPLETE);
  CHECK(roi.before().first_month() == "2008-04");
  CHECK(roi.before().procedures() == 120);
  CHECK(roi.before().procedures_per_pound() == Approx(0.01));
  CHECK(roi.during().procedures() == 144);
  CHECK(roi.after().last_month() == "2011-03");
  CHECK(roi.after().procedures_per_pound() == Approx(0.0125));
  CHECK(roi.change_per_pound() == Approx(0.0025));
  CHECK(roi.change_per_pound_percent() == Approx(25));
  CHECK(roi.investment_return() == Approx(0.002));  // (15 - 10) x 12 / £30,000
  CHECK_FALSE(roi.has_net_change_per_pound());

  request.add_comparator_organisations(outsider);
  REQUIRE(Roi(server, request, &roi).ok());
  CHECK(roi.comparator_after().procedures_per_pound() == Approx(0.011));
  CHECK(roi.net_change_per_pound() == Approx(0.0015));  // 0.0025 - 0.001
  CHECK(roi.net_change_per_month() == Approx(3));       // 5 - 2

  request.set_window_months(61);
  const auto bad = Roi(server, request, &roi);
  CHECK(bad.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(bad).violation_fields == std::vector<std::string>{"window_months"});
  request.set_window_months(0);
  request.set_name("projects/P-NONE");
  CHECK(Roi(server, request, &roi).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: ROI of a project still running says so instead of inventing an after window") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto consortium = Org(server.client(), "South PBC", kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM);
  kmhub::v1::CreateProjectRequest project;
  project.mutable_project()->set_code("P-RUN");
  project.mutable_project()->set_title("Still running");
  project.mutable_project()->set_consortium(consortium);
  project.mutable_project()->set_planned_start_date("2010-01-01");
  project.mutable_project()->set_planned_end_date("2030-12-31");
  project.mutable_project()->add_procedure_codes("W371");
  kmhub::v1::Project p;
  REQUIRE(server.client().CreateProject(project, &p).ok());
  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {}}}));
  std::vector<store::ActivityRecord> rows;
  Fill(rows, IdOf(consortium), Month(2009, 1), Month(2010, 6), 8, 400);
  REQUIRE(activity.ReplaceActivity(rows, false));

  kmhub::v1::ComputeProjectRoiRequest request;
  request.set_name("projects/P-RUN");
  kmhub::v1::ProjectRoi roi;
  REQUIRE(Roi(server, request, &roi).ok());
  CHECK(roi.during().state() == kmhub::v1::ROI_WINDOW_STATE_PARTIAL);
  CHECK(roi.during().months_covered() == 6);
  CHECK(roi.after().state() == kmhub::v1::ROI_WINDOW_STATE_NOT_REACHED);
  CHECK_FALSE(roi.has_change_per_pound());
  CHECK_FALSE(roi.has_investment_return());
}

TEST_CASE("API: activity import is all or nothing, idempotent, and refuses patient-identifiable files") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const std::string made =
      CreateOrganisation(server.client(), "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81001");
  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {{2009, 525000}}}}));
  auto import = [&](const std::string& csv, bool dry_run, kmhub::v1::ImportActivityResponse* out) {
    std::istringstream in(csv);
    kmhub::v1::ImportActivityChunk header;
    header.set_dry_run(dry_run);
    return server.client().ImportActivity(header, in, nullptr, out);
  };
  const std::string csv = "organisation,procedure,month,count\nD81001,W37.1,2009-06,4\nD81001,W371,2009-07,5\n";
  kmhub::v1::ImportActivityResponse out;
  REQUIRE(import(csv, true, &out).ok());
  CHECK(out.dry_run());
  CHECK(out.rows_written() == 2);
  CHECK(server.database().CountRows("activity") == 0);

  REQUIRE(import(csv, false, &out).ok());
  CHECK(out.rows_read() == 2);
  CHECK(out.rows_replaced() == 0);
  CHECK(server.database().CountRows("activity") == 2);
  REQUIRE(import(csv, false, &out).ok());  // the same file again replaces, adds nothing
  CHECK(out.rows_replaced() == 2);
  CHECK(server.database().CountRows("activity") == 2);
  const auto totals = activity.MonthlyTotals({{IdOf(made)}, {"W371"}}, Month(2009, 6), Month(2009, 6));
  REQUIRE(totals);
  CHECK(totals->at(0).cost_pence == 4 * 525000);  // count x the 2009/10 tariff

  // One bad row: nothing written, every problem named.
  auto status = import("organisation,procedure,month,count\nD81001,W371,2009-08,7\nD81001,W371,2009-09,-1\n", false, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "INVALID_ACTIVITY_ROWS");
  CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"line 3: count"});
  CHECK(server.database().CountRows("activity") == 2);

  // Excel's export where the comma is the decimal mark: semicolons, read the same.
  REQUIRE(import("\xEF\xBB\xBForganisation;procedure;month;count\r\nD81001;W371;2009-08;3\r\n", false, &out).ok());
  CHECK(out.rows_written() == 1);
  CHECK(server.database().CountRows("activity") == 3);

  status = import("organisation,procedure,month,count,NHS number\n", false, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "PATIENT_IDENTIFIABLE_COLUMN");
}

TEST_CASE("API: a retried activity import (same request id) gets the first answer and writes nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  CreateOrganisation(server.client(), "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81001");
  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {{2009, 525000}}}}));
  const std::string csv = "organisation,procedure,month,count\nD81001,W371,2009-06,4\nD81001,W371,2009-07,5\n";
  auto import = [&](const std::string& request_id, kmhub::v1::ImportActivityResponse* out) {
    std::istringstream in(csv);
    kmhub::v1::ImportActivityChunk header;
    header.set_request_id(request_id);
    return server.client().ImportActivity(header, in, nullptr, out);
  };
  kmhub::v1::ImportActivityResponse first, retried, other;
  REQUIRE(import("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a70", &first).ok());
  CHECK(first.rows_written() == 2);
  CHECK(first.rows_replaced() == 0);
  const auto audit_rows = server.database().CountRows("audit_events");
  REQUIRE(import("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a70", &retried).ok());
  // "2 written, none replaced" again, not "2 replaced"; not even an audit event is written.
  CHECK(google::protobuf::util::MessageDifferencer::Equals(first, retried));
  CHECK(server.database().CountRows("audit_events") == audit_rows);
  CHECK(server.database().CountRows("activity") == 2);
  // Another id is another import, which replaces the two rows.
  REQUIRE(import("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a71", &other).ok());
  CHECK(other.rows_replaced() == 2);
  CHECK(server.database().CountRows("audit_events") == audit_rows + 1);
  kmhub::v1::ImportActivityResponse refused;
  const auto bad = import("two words", &refused);
  CHECK(bad.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(bad).violation_fields == std::vector<std::string>{"request_id"});
}

TEST_CASE("API: a window across a financial-year tariff change costs each month at its own year's tariff") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const std::string consortium = CreateOrganisation(server.client(), "Riverside PBC Consortium",
                                                    kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM, "5QV01");
  kmhub::v1::ImportProceduresRequest catalogue;
  catalogue.set_csv_data(
      "code,description,financial_year,tariff\n"
      "W37.1,Primary total hip replacement,2009,5000.00\n"
      "W37.1,Primary total hip replacement,2010,5250.00\n");
  kmhub::v1::ImportProceduresResponse imported;
  REQUIRE(server.client().ImportProcedures(catalogue, &imported).ok());

  // Two a month from January to June 2010, no cost given: January–March are 2009/10
  // (£5,000 each), April–June 2010/11 (£5,250 each).
  std::string csv = "organisation,procedure,month,count\n";
  for (int month = 1; month <= 6; ++month) csv += "5QV01,W37.1,2010-0" + std::to_string(month) + ",2\n";
  std::istringstream in(csv);
  kmhub::v1::ImportActivityResponse out;
  REQUIRE(server.client().ImportActivity({}, in, nullptr, &out).ok());

  kmhub::v1::CreateProjectRequest project;
  project.mutable_project()->set_code("P-TARIFF");
  project.mutable_project()->set_title("Hip pathway");
  project.mutable_project()->set_consortium(consortium);
  project.mutable_project()->set_planned_start_date("2010-07-01");
  project.mutable_project()->set_planned_end_date("2010-12-31");
  project.mutable_project()->add_procedure_codes("W371");
  kmhub::v1::Project p;
  REQUIRE(server.client().CreateProject(project, &p).ok());

  kmhub::v1::ComputeProjectRoiRequest request;
  request.set_name("projects/P-TARIFF");
  request.set_window_months(6);
  kmhub::v1::ProjectRoi roi;
  REQUIRE(Roi(server, request, &roi).ok());
  CHECK(roi.before().first_month() == "2010-01");
  CHECK(roi.before().last_month() == "2010-06");
  CHECK(roi.before().procedures() == 12);
  CHECK(roi.before().spend_pence() == (3 * 2 * 5000 + 3 * 2 * 5250) * 100);  // £61,500
  CHECK(roi.before().procedures_per_pound() == Approx(12.0 / 61500));
  CHECK(roi.before().cost_per_procedure() == Approx(5125));
  // The data ends before the project starts.
  CHECK(roi.during().state() == kmhub::v1::ROI_WINDOW_STATE_NOT_STARTED);
}

TEST_CASE("API: a file naming one organisation, procedure and month twice is refused") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  CreateOrganisation(server.client(), "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81001");
  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {{2009, 525000}}}}));
  std::istringstream in("organisation,procedure,month,count\nD81001,W371,2009-06,4\nD81001,W37.1,2009-06,5\n");
  kmhub::v1::ImportActivityResponse out;
  const auto status = server.client().ImportActivity({}, in, nullptr, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"line 3: month"});
  CHECK(server.database().CountRows("activity") == 0);
}

TEST_CASE("API: ROI of a project that has ended but has no after data yet, then an after window still filling") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto consortium = Org(server.client(), "East PBC", kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM);
  kmhub::v1::CreateProjectRequest project;
  project.mutable_project()->set_code("P-ENDED");
  project.mutable_project()->set_title("Ended in March");
  project.mutable_project()->set_consortium(consortium);
  project.mutable_project()->set_state(kmhub::v1::PROJECT_STATE_COMPLETED);
  project.mutable_project()->set_actual_start_date("2009-10-01");
  project.mutable_project()->set_actual_end_date("2010-03-31");
  project.mutable_project()->add_procedure_codes("W371");
  kmhub::v1::Project p;
  REQUIRE(server.client().CreateProject(project, &p).ok());
  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {}}}));
  std::vector<store::ActivityRecord> rows;
  Fill(rows, IdOf(consortium), Month(2008, 10), Month(2010, 3), 10, 1000);  // to the end month, no further
  REQUIRE(activity.ReplaceActivity(rows, false));

  kmhub::v1::ComputeProjectRoiRequest request;
  request.set_name("projects/P-ENDED");
  kmhub::v1::ProjectRoi roi;
  REQUIRE(Roi(server, request, &roi).ok());
  CHECK(roi.before().state() == kmhub::v1::ROI_WINDOW_STATE_COMPLETE);
  CHECK(roi.during().state() == kmhub::v1::ROI_WINDOW_STATE_COMPLETE);
  CHECK(roi.during().months_covered() == 6);
  CHECK(roi.after().state() == kmhub::v1::ROI_WINDOW_STATE_NOT_REACHED);
  CHECK_FALSE(roi.after().has_procedures_per_pound());
  CHECK_FALSE(roi.has_change_per_pound());

  // Three months of after data: a partial window, 12 a month for £1,000 → +20 %.
  rows.clear();
  Fill(rows, IdOf(consortium), Month(2010, 4), Month(2010, 6), 12, 1000);
  REQUIRE(activity.ReplaceActivity(rows, false));
  REQUIRE(Roi(server, request, &roi).ok());
  CHECK(roi.after().state() == kmhub::v1::ROI_WINDOW_STATE_PARTIAL);
  CHECK(roi.after().first_month() == "2010-04");
  CHECK(roi.after().last_month() == "2010-06");
  CHECK(roi.after().months_covered() == 3);
  CHECK(roi.after().procedures() == 36);
  CHECK(roi.change_per_pound_percent() == Approx(20));
}

TEST_CASE("API: a project's own comparator organisations give its ROI net of theirs, unless the request names others") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  const auto consortium = Org(client, "North Riverside PBC Consortium", kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM);
  const auto outsider = Org(client, "Fenview Practice", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  const auto other = Org(client, "Orchard Health Centre", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);

  kmhub::v1::CreateProjectRequest project;
  project.mutable_project()->set_code("P-HIP");
  project.mutable_project()->set_title("Hip replacement pathway");
  project.mutable_project()->set_consortium(consortium);
  project.mutable_project()->set_actual_start_date("2009-04-01");
  project.mutable_project()->set_actual_end_date("2010-03-31");
  project.mutable_project()->add_procedure_codes("W371");
  project.mutable_project()->add_comparator_organisations(outsider);
  kmhub::v1::Project p;
  REQUIRE(client.CreateProject(project, &p).ok());
  REQUIRE(p.comparator_organisations_size() == 1);
  CHECK(p.comparator_organisations(0) == outsider);

  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {}}}));
  std::vector<store::ActivityRecord> rows;
  Fill(rows, IdOf(consortium), Month(2008, 4), Month(2009, 3), 10, 1000);  // 0.01 per £
  Fill(rows, IdOf(consortium), Month(2010, 4), Month(2011, 3), 15, 1200);  // 0.0125 per £
  Fill(rows, IdOf(outsider), Month(2008, 4), Month(2009, 3), 20, 2000);    // 0.01 per £
  Fill(rows, IdOf(outsider), Month(2010, 4), Month(2011, 3), 22, 2000);    // 0.011 per £
  Fill(rows, IdOf(other), Month(2008, 4), Month(2009, 3), 10, 1000);       // 0.01 per £
  Fill(rows, IdOf(other), Month(2010, 4), Month(2011, 3), 10, 1000);       // unchanged
  REQUIRE(activity.ReplaceActivity(rows, false));

  kmhub::v1::ComputeProjectRoiRequest request;
  request.set_name("projects/P-HIP");
  kmhub::v1::ProjectRoi roi;
  REQUIRE(Roi(server, request, &roi).ok());
  CHECK(roi.net_change_per_pound() == Approx(0.0015));  // 0.0025 − 0.001, the project's comparator
  request.add_comparator_organisations(other);
  REQUIRE(Roi(server, request, &roi).ok());
  CHECK(roi.net_change_per_pound() == Approx(0.0025));  // the request's comparator did not change

  // Clearing them: no net figures.
  kmhub::v1::UpdateProjectRequest update;
  update.mutable_project()->set_name("projects/P-HIP");
  update.mutable_update_mask()->add_paths("comparator_organisations");
  kmhub::v1::Project updated;
  REQUIRE(client.UpdateProject(update, &updated).ok());
  CHECK(updated.comparator_organisations_size() == 0);
  request.clear_comparator_organisations();
  REQUIRE(Roi(server, request, &roi).ok());
  CHECK_FALSE(roi.has_net_change_per_pound());

  // Its own consortium, twice, or one that does not exist: refused.
  update.mutable_project()->add_comparator_organisations(consortium);
  update.mutable_project()->add_comparator_organisations(outsider);
  update.mutable_project()->add_comparator_organisations(outsider);
  auto status = client.UpdateProject(update, &updated);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).violation_fields ==
        std::vector<std::string>{"project.comparator_organisations[0]", "project.comparator_organisations[2]"});
  update.mutable_project()->clear_comparator_organisations();
  update.mutable_project()->add_comparator_organisations("organisations/999999");
  CHECK(client.UpdateProject(update, &updated).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: a file with a hundred bad rows is refused with the first problems and a count, within gRPC's metadata limit") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  CreateOrganisation(server.client(), "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81001");
  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {{2009, 525000}}}}));
  // 120 months, each twice: 120 duplicate rows (the reader lists 100 and says there are more).
  std::string csv = "organisation,procedure,month,count,cost\n";
  for (int m = 0; m < 120; ++m) {
    const std::string month = std::to_string(2000 + m / 12) + "-" + (m % 12 < 9 ? "0" : "") + std::to_string(m % 12 + 1);
    csv += "D81001,W371," + month + ",4,100\nD81001,W37.1," + month + ",5,125\n";
  }
  std::istringstream in(csv);
  kmhub::v1::ImportActivityResponse out;
  const auto status = server.client().ImportActivity({}, in, nullptr, &out);
  INFO(status.error_message());
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  const auto details = DetailsOf(status);
  REQUIRE(details.violation_fields.size() > 10);
  CHECK(details.violation_fields.front() == "line 3: month");
  CHECK(details.violation_fields.back() == "(more)");
  CHECK(server.database().CountRows("activity") == 0);
}

TEST_CASE("API: activity summed by month, procedure or organisation, paged, with the filter's totals, and the catalogue by year") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  const auto mill = IdOf(CreateOrganisation(server.client(), "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81001"));
  const auto fen = IdOf(CreateOrganisation(server.client(), "Fenview Practice", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81003"));
  store::ActivityStore activity(server.database().db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {{2009, 525000}, {2010, 540000}}},
                                     {"HB12C", 2, "Major hip procedures", {{2010, 410000}}}}));
  REQUIRE(activity.ReplaceActivity({{mill, "W371", Month(2010, 3), 2, 1050000},
                                    {mill, "W371", Month(2010, 4), 3, 1620000},
                                    {fen, "W371", Month(2010, 4), 1, 540000},
                                    {fen, "HB12C", Month(2010, 5), 4, 1640000}},
                                   false));
  auto list = [&](kmhub::v1::ListActivityRequest request) {
    kmhub::v1::ListActivityResponse all, page;
    do {
      page.Clear();
      const auto status = server.client().ListActivity(request, &page);
      INFO(status.error_message());
      REQUIRE(status.ok());
      for (const auto& t : page.totals()) *all.add_totals() = t;
      all.set_procedures(page.procedures());
      all.set_cost_pence(page.cost_pence());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return all;
  };
  kmhub::v1::ListActivityRequest by_month;
  by_month.set_page_size(1);  // one row a page: the pages join up
  const auto months = list(by_month);
  REQUIRE(months.totals_size() == 3);
  CHECK(months.totals(0).key() == "2010-03");
  CHECK(months.totals(1).key() == "2010-04");
  CHECK(months.totals(1).procedures() == 4);            // 3 + 1
  CHECK(months.totals(1).cost_pence() == 2160000);      // £16,200 + £5,400
  CHECK(months.procedures() == 10);
  CHECK(months.cost_pence() == 4850000);

  kmhub::v1::ListActivityRequest by_procedure;
  by_procedure.set_group_by(kmhub::v1::ACTIVITY_GROUPING_PROCEDURE);
  by_procedure.set_from_month("2010-04");
  const auto procedures = list(by_procedure);
  REQUIRE(procedures.totals_size() == 2);
  CHECK(procedures.totals(0).key() == "HB12C");
  CHECK(procedures.totals(0).label() == "Major hip procedures");
  CHECK(procedures.totals(1).procedures() == 4);  // W371 from April: 3 + 1
  CHECK(procedures.procedures() == 8);

  kmhub::v1::ListActivityRequest by_org;
  by_org.set_group_by(kmhub::v1::ACTIVITY_GROUPING_ORGANISATION);
  by_org.set_procedure("W37.1");
  by_org.set_page_size(1);
  const auto orgs = list(by_org);
  REQUIRE(orgs.totals_size() == 2);
  CHECK(orgs.totals(0).key() == "organisations/" + std::to_string(mill));
  CHECK(orgs.totals(0).label() == "Mill Road Surgery");
  CHECK(orgs.totals(0).procedures() == 5);
  CHECK(orgs.totals(1).label() == "Fenview Practice");

  kmhub::v1::ListActivityRequest bad;
  bad.set_from_month("2010-13");
  bad.set_to_month("2009-01");
  kmhub::v1::ListActivityResponse none;
  const auto refused = server.client().ListActivity(bad, &none);
  CHECK(refused.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(refused).violation_fields == std::vector<std::string>{"from_month"});

  kmhub::v1::ListProceduresRequest year;
  year.set_financial_year("2009/10");
  kmhub::v1::ListProceduresResponse catalogue;
  REQUIRE(server.client().ListProcedures(year, &catalogue).ok());
  REQUIRE(catalogue.procedures_size() == 1);  // HB12C has no 2009/10 tariff
  CHECK(catalogue.procedures(0).display_code() == "W37.1");
  REQUIRE(catalogue.procedures(0).tariffs_size() == 1);
  CHECK(catalogue.procedures(0).tariffs(0).label() == "2009/10");
  CHECK(catalogue.procedures(0).tariffs(0).tariff_pence() == 525000);
  year.set_financial_year("");
  REQUIRE(server.client().ListProcedures(year, &catalogue).ok());
  CHECK(catalogue.procedures_size() == 2);
  year.set_financial_year("2009/11");
  CHECK(DetailsOf(server.client().ListProcedures(year, &catalogue)).reason == "INVALID_FINANCIAL_YEAR");
}
