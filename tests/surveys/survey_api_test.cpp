// SurveyService on both databases: imports in each format, idempotent re-imports, overlaps,
// undo, all-or-nothing, and results against hand-computed figures.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "kmhub/v1/survey.grpc.pb.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;
using Catch::Detail::Approx;

namespace {

void Org(client::KmhubClient& client, const std::string& name, kmhub::v1::OrganisationKind kind, const std::string& ods) {
  CreateOrganisation(client, name, kind, ods);
}

// The practices and providers the fixture exports name.
void Partners(client::KmhubClient& client) {
  Org(client, "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81001");
  Org(client, "Castle Street Medical Centre", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81002");
  Org(client, "Fenview Practice", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81003");
  Org(client, "Orchard Health Centre", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE, "D81004");
  Org(client, "Riverside University Hospitals", kmhub::v1::ORGANISATION_KIND_ACUTE_TRUST, "RVH");
  Org(client, "Riverside Community Health Services", kmhub::v1::ORGANISATION_KIND_COMMUNITY_PROVIDER, "RVK");
  Org(client, "Riverside and Fens Partnership", kmhub::v1::ORGANISATION_KIND_MENTAL_HEALTH_PROVIDER, "RVF");
  Org(client, "Age Concern Riverside", kmhub::v1::ORGANISATION_KIND_THIRD_SECTOR, "NRV01");
}

void Wave(client::KmhubClient& client, const std::string& survey, const std::string& label) {
  kmhub::v1::CreateSurveyWaveRequest r;
  r.set_parent("surveys/" + survey);
  r.mutable_wave()->set_label(label);
  r.mutable_wave()->set_open_date("2009-10-01");
  r.mutable_wave()->set_close_date("2010-06-30");
  kmhub::v1::SurveyWave out;
  REQUIRE(client.CreateSurveyWave(r, &out).ok());
}

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(KMHUB_TEST_FIXTURES_DIR) + "/surveys/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

grpc::Status Import(client::KmhubClient& client, const std::string& wave, const std::string& data,
                    kmhub::v1::SurveyImport* out, const std::map<std::string, std::string>& mapping = {},
                    bool dry_run = false) {
  kmhub::v1::ImportSurveyResponsesChunk header;
  header.set_wave(wave);
  header.set_file_name("export.csv");
  header.set_dry_run(dry_run);
  for (const auto& [k, v] : mapping) (*header.mutable_mapping())[k] = v;
  std::istringstream in(data);
  return client.ImportSurveyResponses(header, in, nullptr, out);
}

kmhub::v1::QuestionResult Result(client::KmhubClient& client, const std::string& survey, const std::string& wave,
                                 const std::string& question) {
  kmhub::v1::GetSurveyResultsRequest r;
  r.set_name("surveys/" + survey);
  r.set_wave(wave);
  r.set_question(question);
  kmhub::v1::SurveyResults out;
  const auto status = client.GetSurveyResults(r, &out);
  INFO(status.error_message());
  REQUIRE(status.ok());
  REQUIRE(out.results_size() == 1);
  return out.results(0);
}

}  // namespace

TEST_CASE("API: the standard surveys are there from the start") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  kmhub::v1::ListSurveysResponse all;
  REQUIRE(server.client().ListSurveys(&all).ok());
  REQUIRE(all.surveys_size() == 2);
  kmhub::v1::Survey pbc;
  REQUIRE(server.client().GetSurvey("surveys/pbc", &pbc).ok());
  CHECK(pbc.audience() == kmhub::v1::SURVEY_AUDIENCE_PBC_PRACTICES);
  REQUIRE(pbc.questions_size() == 5);
  CHECK(pbc.questions(0).text() == "Agreed a commissioning plan");
  CHECK(pbc.questions(0).scale() == kmhub::v1::QUESTION_SCALE_YES_NO);
  CHECK(pbc.questions(1).text() == "Rating of information");
  CHECK(pbc.questions(2).text() ==
        "The PCT proactively engages all clinicians to inform and drive strategy, service design and resource utilisation");
  kmhub::v1::Survey provider;
  REQUIRE(server.client().GetSurvey("surveys/provider", &provider).ok());
  CHECK(provider.questions(1).text() == "The PCT is an active and effective partner in delivering local health objectives");
  CHECK(server.client().GetSurvey("surveys/nope", &provider).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: a survey import is recorded, re-imports and overlaps count nothing twice, and imports undo in order") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  Partners(client);
  Wave(client, "pbc", "2010-Q1");
  const std::string wave = "surveys/pbc/waves/2010-Q1";

  kmhub::v1::SurveyImport first;
  REQUIRE(Import(client, wave, Fixture("pbc-2010-q1-kmhub.csv"), &first).ok());
  CHECK(first.format() == kmhub::v1::SURVEY_FILE_FORMAT_KMHUB);  // told by the file
  CHECK(first.rows_read() == 6);
  CHECK(first.rows_accepted() == 6);
  CHECK(first.rows_replaced() == 0);
  CHECK(first.sha256() == "15381c6002a82c1b1e416c0aa885ae4b01b6604c475db6811e44915ec807dfbc");
  CHECK(first.actor().find("test admin") != std::string::npos);
  CHECK_FALSE(first.import_time().empty());
  // Yes from R001, R003, R004, R006; no from R002, R005.
  auto plan = Result(client, "pbc", "2010-Q1", "PBC1");
  CHECK(plan.n() == 6);
  CHECK(plan.percent_positive() == Approx(400.0 / 6));
  // Rating of information: poor, very poor, 2 (poor), fair; "Don't know" and a blank are not counted.
  auto info = Result(client, "pbc", "2010-Q1", "PBC2");
  CHECK(info.n() == 4);
  CHECK(info.mean() == Approx(2.0));  // (2 + 1 + 2 + 3) / 4
  CHECK(info.percent_positive() == Approx(0));
  // Wilson's upper bound for 0 of 4 is z²/(n + z²) = 3.8414588 / 7.8414588 (z = kZ95).
  CHECK(info.percent_positive_high() == Approx(48.98908364545973).epsilon(1e-12));

  kmhub::v1::SurveyImport again;
  REQUIRE(Import(client, wave, Fixture("pbc-2010-q1-kmhub.csv"), &again).ok());
  CHECK(again.rows_replaced() == 6);
  CHECK(server.database().CountRows("survey_responses") == 6);
  CHECK(Result(client, "pbc", "2010-Q1", "PBC1").n() == 6);

  // An overlapping file: R006 changes its mind, R007 is new.
  kmhub::v1::SurveyImport overlap;
  REQUIRE(Import(client, wave, "respondent_id,organisation,PBC1\nR006,D81001,No\nR007,D81002,No\n", &overlap).ok());
  CHECK(overlap.rows_accepted() == 2);
  CHECK(overlap.rows_replaced() == 1);
  plan = Result(client, "pbc", "2010-Q1", "PBC1");
  CHECK(plan.n() == 7);
  CHECK(plan.percent_positive() == Approx(300.0 / 7));
  // R006's other answers went with its earlier response: PBC3 lost one "agree".
  CHECK(Result(client, "pbc", "2010-Q1", "PBC3").n() == 5);

  kmhub::v1::SurveyImport undone;
  auto status = client.UndoSurveyImport(again.name(), &undone);
  CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(DetailsOf(status).reason == "NOT_LATEST_IMPORT");
  REQUIRE(client.UndoSurveyImport(overlap.name(), &undone).ok());
  CHECK_FALSE(undone.undo_time().empty());
  plan = Result(client, "pbc", "2010-Q1", "PBC1");
  CHECK(plan.n() == 6);
  CHECK(plan.percent_positive() == Approx(400.0 / 6));  // R006's "yes" is back
  CHECK(Result(client, "pbc", "2010-Q1", "PBC3").n() == 6);
  CHECK(client.UndoSurveyImport(overlap.name(), &undone).error_code() == grpc::StatusCode::FAILED_PRECONDITION);

  REQUIRE(client.UndoSurveyImport(again.name(), &undone).ok());
  CHECK(server.database().CountRows("survey_responses") == 6);  // the first import's responses again
  REQUIRE(client.UndoSurveyImport(first.name(), &undone).ok());
  CHECK(server.database().CountRows("survey_responses") == 0);
  CHECK(server.database().CountRows("survey_answers") == 0);
  CHECK(Result(client, "pbc", "2010-Q1", "PBC1").n() == 0);

  kmhub::v1::ListSurveyImportsRequest list;
  list.set_survey("surveys/pbc");
  kmhub::v1::ListSurveyImportsResponse imports;
  REQUIRE(client.ListSurveyImports(list, &imports).ok());
  REQUIRE(imports.imports_size() == 3);
  CHECK(imports.imports(0).name() == overlap.name());  // newest first
  for (const auto& i : imports.imports()) CHECK_FALSE(i.undo_time().empty());
  CHECK(client.UndoSurveyImport("surveyImports/999999", &undone).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: LimeSurvey and SurveyMonkey exports with mappings, and results by wave, change and organisation kind") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  Partners(client);
  Wave(client, "pbc", "2010-Q1");
  Wave(client, "pbc", "2010-Q2");
  Wave(client, "provider", "2009-Q4");
  kmhub::v1::SurveyImport out;
  REQUIRE(Import(client, "surveys/pbc/waves/2010-Q1", Fixture("pbc-2010-q1-kmhub.csv"), &out).ok());
  REQUIRE(Import(client, "surveys/pbc/waves/2010-Q2", Fixture("pbc-2010-q2-limesurvey.csv"), &out,
                 {{"ODS", "organisation"}, {"PBC6[SQ001]", "ignore"}})
              .ok());
  CHECK(out.format() == kmhub::v1::SURVEY_FILE_FORMAT_LIMESURVEY);
  CHECK(out.rows_accepted() == 4);
  CHECK(out.skipped_incomplete() == 1);
  // PBC1: 4 of 6 yes in Q1, 3 of 4 in Q2: +8.3 points, z 0.28, not significant.
  const auto plan = Result(client, "pbc", "2010-Q2", "PBC1");
  CHECK(plan.previous_wave() == "2010-Q1");
  CHECK(plan.change_points() == Approx(75.0 - 400.0 / 6));
  CHECK(plan.z() == Approx(0.2817180849));
  CHECK_FALSE(plan.significant());

  REQUIRE(Import(client, "surveys/provider/waves/2009-Q4", Fixture("provider-2009-q4-surveymonkey.csv"), &out,
                 {{"Organisation code", "organisation"}})
              .ok());
  CHECK(out.format() == kmhub::v1::SURVEY_FILE_FORMAT_SURVEYMONKEY);
  CHECK(out.rows_accepted() == 4);
  CHECK(out.columns().at("Email Address") == "(ignored)");
  // PRV1: agree (acute), don't know (community), neither (mental health), strongly disagree
  // (third sector): n 3, mean 8/3, 1 positive.
  const auto engages = Result(client, "provider", "2009-Q4", "PRV1");
  CHECK(engages.n() == 3);
  CHECK(engages.mean() == Approx(8.0 / 3));
  CHECK(engages.percent_positive() == Approx(100.0 / 3));
  REQUIRE(engages.distribution_size() == 3);
  CHECK(engages.distribution(2).label() == "agree");
  REQUIRE(engages.by_kind_size() == 3);
  CHECK(engages.by_kind(0).kind() == kmhub::v1::ORGANISATION_KIND_ACUTE_TRUST);
  CHECK(engages.by_kind(0).percent_positive() == Approx(100));
  CHECK(engages.by_kind(2).kind() == kmhub::v1::ORGANISATION_KIND_THIRD_SECTOR);
  CHECK(engages.by_kind(2).percent_positive() == Approx(0));
  // Free text is counted, not scored.
  const auto comments = Result(client, "provider", "2009-Q4", "PRV4");
  CHECK(comments.n() == 2);
  CHECK(comments.distribution_size() == 0);

  kmhub::v1::GetSurveyResultsRequest bad;
  bad.set_name("surveys/pbc");
  bad.set_wave("2031-Q9");
  kmhub::v1::SurveyResults results;
  CHECK(client.GetSurveyResults(bad, &results).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: a bad row at the end of a large survey file leaves every table as it was") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  Partners(client);
  Wave(client, "pbc", "2010-Q1");
  kmhub::v1::SurveyImport out;
  REQUIRE(Import(client, "surveys/pbc/waves/2010-Q1", Fixture("pbc-2010-q1-kmhub.csv"), &out).ok());
  const std::vector<std::string> tables = {"survey_responses", "survey_answers", "survey_imports", "survey_tallies",
                                           "survey_replaced_responses", "audit_events"};
  std::map<std::string, long long> before;
  for (const auto& t : tables) before[t] = server.database().CountRows(t);

  std::string csv = "respondent_id,organisation,PBC1,PBC2,PBC3\n";
  for (int i = 0; i < 5000; ++i) csv += "B" + std::to_string(i) + ",D81002,Yes,Good,Agree\n";
  csv += "R001,D81001,Yes,Excellentish,Agree\n";  // line 5002
  auto status = Import(client, "surveys/pbc/waves/2010-Q1", csv, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "INVALID_SURVEY_ROWS");
  CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"line 5002: PBC2"});
  for (const auto& t : tables) {
    INFO(t);
    CHECK(server.database().CountRows(t) == before[t]);
  }

  // A dry run of the good part reports what it would do and writes nothing either.
  csv.resize(csv.rfind("R001"));
  REQUIRE(Import(client, "surveys/pbc/waves/2010-Q1", csv, &out, {}, true).ok());
  CHECK(out.dry_run());
  CHECK(out.rows_accepted() == 5000);
  CHECK(out.name().empty());
  for (const auto& t : tables) CHECK(server.database().CountRows(t) == before[t]);

  CHECK(Import(client, "surveys/pbc/waves/2031-Q9", csv, &out).error_code() == grpc::StatusCode::NOT_FOUND);
  status = Import(client, "surveys/pbc/waves/2010-Q1", csv, &out, {{"PBC1", "PBC99"}});
  CHECK(DetailsOf(status).reason == "UNKNOWN_MAPPING_TARGET");
}

TEST_CASE("API: survey waves are checked") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  Wave(client, "pbc", "2010-Q1");
  kmhub::v1::CreateSurveyWaveRequest r;
  r.set_parent("surveys/pbc");
  r.mutable_wave()->set_label("2010-Q1");
  r.mutable_wave()->set_open_date("2010-01-01");
  r.mutable_wave()->set_close_date("2010-03-31");
  kmhub::v1::SurveyWave out;
  CHECK(client.CreateSurveyWave(r, &out).error_code() == grpc::StatusCode::ALREADY_EXISTS);
  r.mutable_wave()->set_label("first quarter");
  r.mutable_wave()->set_close_date("2009-03-31");
  const auto status = client.CreateSurveyWave(r, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"wave.label", "wave.close_date"});
  r.set_parent("surveys/none");
  r.mutable_wave()->set_label("2010-Q2");
  r.mutable_wave()->set_close_date("2010-06-30");
  CHECK(client.CreateSurveyWave(r, &out).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: a survey import retried with its request id is answered with the first import, not made twice") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  Partners(client);
  Wave(client, "pbc", "2010-Q1");
  kmhub::v1::ImportSurveyResponsesChunk header;
  header.set_wave("surveys/pbc/waves/2010-Q1");
  header.set_file_name("export.csv");
  header.set_request_id("0190a8f0-2b3c-7def-8123-456789abcdef");
  const std::string data = Fixture("pbc-2010-q1-kmhub.csv");
  kmhub::v1::SurveyImport first, retried;
  std::istringstream in(data);
  REQUIRE(client.ImportSurveyResponses(header, in, nullptr, &first).ok());
  const auto answers = server.database().CountRows("survey_answers");
  std::istringstream again(data);
  REQUIRE(client.ImportSurveyResponses(header, again, nullptr, &retried).ok());
  CHECK(retried.name() == first.name());
  CHECK(retried.rows_accepted() == 6);
  CHECK(retried.rows_replaced() == 0);  // the first import's figures, not a second one's (6 replaced)
  CHECK(retried.import_time() == first.import_time());
  CHECK(server.database().CountRows("survey_imports") == 1);
  CHECK(server.database().CountRows("survey_answers") == answers);

  // Another id is another import (it replaces the same respondents' responses).
  header.set_request_id("0190a8f0-2b3c-7def-8123-456789abcdf0");
  std::istringstream third(data);
  kmhub::v1::SurveyImport other;
  REQUIRE(client.ImportSurveyResponses(header, third, nullptr, &other).ok());
  CHECK(other.name() != first.name());
  CHECK(other.rows_replaced() == 6);
  CHECK(server.database().CountRows("survey_imports") == 2);
}

TEST_CASE("API: an admin defines a new survey, opens a wave, imports into it and reads its results") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  Partners(client);
  kmhub::v1::CreateSurveyRequest create;
  auto* s = create.mutable_survey();
  s->set_name("surveys/carers");
  s->set_title("Carers' experience of commissioned services");
  s->set_audience(kmhub::v1::SURVEY_AUDIENCE_PARTNERS);
  auto add = [&](const char* code, const char* text, kmhub::v1::QuestionScale scale) {
    auto* q = s->add_questions();
    q->set_code(code);
    q->set_text(text);
    q->set_scale(scale);
  };
  add("CAR1", "The PCT listens to carers", kmhub::v1::QUESTION_SCALE_AGREEMENT_5);
  add("CAR2", "Respite care was offered", kmhub::v1::QUESTION_SCALE_YES_NO);
  kmhub::v1::Survey made;
  const auto status = client.CreateSurvey(create, &made);
  INFO(status.error_message());
  REQUIRE(status.ok());
  CHECK(made.name() == "surveys/carers");
  REQUIRE(made.questions_size() == 2);
  CHECK(made.questions(1).position() == 2);
  kmhub::v1::ListSurveysResponse all;
  REQUIRE(client.ListSurveys(&all).ok());
  CHECK(all.surveys_size() == 3);  // provider, pbc and this one

  Wave(client, "carers", "2010-Q1");
  kmhub::v1::SurveyImport imported;
  REQUIRE(Import(client, "surveys/carers/waves/2010-Q1",
                 "respondent_id,organisation,CAR1,CAR2\nC1,NRV01,Agree,Yes\nC2,NRV01,Strongly disagree,No\n"
                 "C3,,Strongly agree,Yes\n",
                 &imported)
              .ok());
  CHECK(imported.rows_accepted() == 3);
  const auto car1 = Result(client, "carers", "2010-Q1", "CAR1");
  CHECK(car1.n() == 3);
  CHECK(car1.percent_positive() == Approx(200.0 / 3));  // agree and strongly agree: 2 of 3

  // The same code again, and a definition that breaks the rules, are refused naming why.
  CHECK(client.CreateSurvey(create, &made).error_code() == grpc::StatusCode::ALREADY_EXISTS);
  s->set_name("surveys/Bad Code");
  s->mutable_questions(1)->set_code("car1");
  const auto bad = client.CreateSurvey(create, &made);
  CHECK(bad.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(bad).reason == "INVALID_SURVEY");
  CHECK(DetailsOf(bad).violation_fields == std::vector<std::string>{"survey.name", "survey.questions[1].code"});
  CHECK(server.database().CountRows("surveys") == 3);
}
