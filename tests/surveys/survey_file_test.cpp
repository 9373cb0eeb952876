#include "server/surveys/survey_file.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace kmhub::domain;

namespace {

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Fixture(const std::string& name) { return ReadWhole(std::string(KMHUB_TEST_FIXTURES_DIR) + "/surveys/" + name); }

// The team's real LimeSurvey exports (../shared/fixtures/limesurvey).
std::string RealExport(const std::string& name) {
  return ReadWhole(std::string(KMHUB_FIXTURES_DIR) + "/limesurvey/" + name);
}

// The same file as Excel writes it where the comma is the decimal mark.
std::string WithSemicolons(const std::string& csv) {
  std::string out;
  bool quoted = false;
  for (char c : csv) {
    if (c == '"') quoted = !quoted;
    out += (c == ',' && !quoted) ? ';' : c;
  }
  return out;
}

const std::vector<SurveyQuestionRef> kPbc = {{1, "PBC1", "Agreed a commissioning plan", Scale::kYesNo},
                                             {2, "PBC2", "Rating of information", Scale::kRating5},
                                             {3, "PBC3", "The PCT proactively engages all clinicians", Scale::kAgreement5},
                                             {4, "PBC4", "Rating of support from the PCT for PBC", Scale::kRating5},
                                             {5, "PBC5", "Comments", Scale::kFreeText}};

const std::vector<SurveyQuestionRef> kProvider = {
    {11, "PRV1",
     "The PCT proactively engages with my organisation to inform and drive strategy, service design and resource "
     "utilisation",
     Scale::kAgreement5},
    {12, "PRV2", "The PCT is an active and effective partner in delivering local health objectives", Scale::kAgreement5},
    {13, "PRV3", "Rating of the PCT as a commissioner", Scale::kRating5},
    {14, "PRV4", "Comments", Scale::kFreeText}};

// D81001… are organisations 1…4; RVH 21, RVK 22, RVF 23, NRV01 24.
std::optional<std::int64_t> Lookup(const std::string& ods) {
  static const std::map<std::string, std::int64_t> known = {{"D81001", 1}, {"D81002", 2}, {"D81003", 3}, {"D81004", 4},
                                                            {"RVH", 21},   {"RVK", 22},   {"RVF", 23},   {"NRV01", 24}};
  auto it = known.find(ods);
  if (it == known.end()) return std::nullopt;
  return it->second;
}

std::optional<int> ScoreOf(const ParsedResponse& r, std::int64_t question) {
  for (const auto& a : r.answers)
    if (a.question_id == question) return a.score;
  return std::nullopt;
}

const ParsedAnswer* AnswerOf(const ParsedResponse& r, std::int64_t question) {
  for (const auto& a : r.answers)
    if (a.question_id == question) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("kmhub's own CSV: BOM, CRLF, quoted commas, newlines and quotes, labels and codes, no-answers") {
  auto file = ReadSurveyFile(Fixture("pbc-2010-q1-kmhub.csv"), SurveyFormat::kKmhub, {}, kPbc, Lookup, 1000);
  REQUIRE(file);
  CHECK(file->problems.empty());
  CHECK(file->rows_read == 6);
  REQUIRE(file->responses.size() == 6);
  const auto& r1 = file->responses[0];
  CHECK(r1.respondent_id == "R001");
  CHECK(r1.organisation_id == 1);
  CHECK(r1.submitted == "2010-02-03T09:12:44");
  CHECK(ScoreOf(r1, 1) == 1);
  CHECK(ScoreOf(r1, 2) == 2);
  CHECK(ScoreOf(r1, 3) == 4);
  CHECK(AnswerOf(r1, 5)->text == "Plan agreed in January, after two rounds");
  const auto& r3 = file->responses[2];
  CHECK_FALSE(r3.organisation_id);
  CHECK(r3.submitted == "2010-02-05T10:00:00");
  CHECK(ScoreOf(r3, 2) == 2);  // a numeric code
  CHECK(AnswerOf(r3, 5)->text == "Information arrives late;\noften three months out of date");
  CHECK(file->responses[3].organisation_id == 3);  // "d81003"
  CHECK(AnswerOf(file->responses[3], 2) == nullptr);  // "Don't know": no answer
  CHECK(AnswerOf(file->responses[5], 5)->text == "\"Much better\" than last year");
  CHECK(file->ignored_columns.empty());
}

TEST_CASE("LimeSurvey code headings with a mapping: incomplete responses skipped, -oth- is no answer") {
  auto mapping = ParseSurveyMapping(Fixture("pbc-limesurvey.map"));
  REQUIRE(mapping);
  CHECK(mapping->at("ODS") == "organisation");
  auto file = ReadSurveyFile(Fixture("pbc-2010-q2-limesurvey.csv"), SurveyFormat::kLimeSurvey, *mapping, kPbc, Lookup, 1000);
  REQUIRE(file);
  CHECK(file->problems.empty());
  CHECK(file->rows_read == 5);
  CHECK(file->skipped_incomplete == 1);
  REQUIRE(file->responses.size() == 4);
  CHECK(file->responses[0].respondent_id == "1");
  CHECK(file->responses[0].submitted == "2010-05-03T10:15:03");
  CHECK(ScoreOf(file->responses[0], 2) == 2);  // A2
  const auto& r4 = file->responses[2];
  CHECK(r4.respondent_id == "4");
  CHECK_FALSE(r4.organisation_id);
  CHECK(ScoreOf(r4, 2) == 1);                 // "Very poor", as full text
  CHECK(AnswerOf(r4, 4) == nullptr);          // -oth-
  CHECK(file->columns.at("PBC6[SQ001]") == "(ignored)");
  CHECK(std::find(file->ignored_columns.begin(), file->ignored_columns.end(), "startlanguage") != file->ignored_columns.end());
}

TEST_CASE("SurveyMonkey: two header rows, questions matched by their text, US times, personal columns ignored") {
  auto mapping = ParseSurveyMapping(Fixture("provider-surveymonkey.map"));
  REQUIRE(mapping);
  auto file = ReadSurveyFile(Fixture("provider-2009-q4-surveymonkey.csv"), SurveyFormat::kSurveyMonkey, *mapping,
                             kProvider, Lookup, 1000);
  REQUIRE(file);
  CHECK(file->problems.empty());
  REQUIRE(file->responses.size() == 4);
  const auto& first = file->responses[0];
  CHECK(first.respondent_id == "10234567890");
  CHECK(first.organisation_id == 21);
  CHECK(first.submitted == "2009-11-02T09:05:40");
  CHECK(ScoreOf(first, 11) == 4);
  CHECK(ScoreOf(first, 12) == 5);
  CHECK(ScoreOf(first, 13) == 4);
  CHECK(file->responses[1].submitted == "2009-11-03T14:15:00");
  CHECK(AnswerOf(file->responses[1], 11) == nullptr);  // "Don’t know"
  CHECK(file->responses[2].submitted == "2009-11-04T12:03:30");
  CHECK(AnswerOf(file->responses[2], 14)->text == "\"Engagement\" improved;\nstill slow on contracts");
  CHECK(file->columns.at("Email Address") == "(ignored)");
  CHECK(file->columns.at("Rating of the PCT as a commissioner") == "PRV3");
}

TEST_CASE("Every bad row is reported with line, column, value and reason") {
  const std::string csv =
      "respondent_id,organisation,submitted,PBC1,PBC2,PBC3\n"
      "R1,D81001,2010-02-03,Yes,Good,Agree\n"
      "R2,XX999,2010-02-03,Yes,Good,Agree\n"
      "R3,D81001,31/02/2010,Yes,Good,Agree\n"
      ",D81001,2010-02-03,Yes,Good,Agree\n"
      "R1,D81002,2010-02-04,Maybe,Superb,Agree\n";
  auto file = ReadSurveyFile(csv, SurveyFormat::kKmhub, {}, kPbc, Lookup, 1000);
  REQUIRE(file);
  REQUIRE(file->problems.size() == 6);
  CHECK(file->problems[0].line == 3);
  CHECK(file->problems[0].column == "organisation");
  CHECK(file->problems[0].reason == "'XX999' is not the ODS code of a known organisation");
  CHECK(file->problems[1].line == 4);
  CHECK(file->problems[1].column == "submitted");
  CHECK(file->problems[2].line == 5);
  CHECK(file->problems[2].reason == "the respondent id is empty");
  CHECK(file->problems[3].line == 6);
  CHECK(file->problems[3].reason == "respondent 'R1' answers twice (first on line 2)");
  CHECK(file->problems[4].column == "PBC1");
  CHECK(file->problems[4].reason.find("'Maybe' is not an answer on this scale") == 0);
  CHECK(file->problems[5].column == "PBC2");
  const auto error = SurveyProblems(file->problems);
  CHECK(error.reason == "INVALID_SURVEY_ROWS");

  // The text rules of every stored text hold for respondent ids and free-text answers too.
  using namespace std::string_literals;
  const auto text = ReadSurveyFile("respondent_id,PBC1,PBC5\n"
                                   "R\0001,Yes,fine\n"
                                   "R2,Yes,\"two lines\nare fine\"\n"
                                   "R3,Yes,bell\a\n"
                                   "R4,Yes,caf\xe9\n"
                                   "R5,Yes,\"a Windows\r\nline break\"\n"s,
                                   SurveyFormat::kKmhub, {}, kPbc, Lookup, 1000);
  REQUIRE(text);
  REQUIRE(text->problems.size() == 3);
  CHECK(text->problems[0].line == 2);
  CHECK(text->problems[0].reason == "the respondent id must not contain control characters");
  CHECK(text->problems[1].line == 5);  // R2's answer took lines 3 and 4
  CHECK(text->problems[1].column == "PBC5");
  CHECK(text->problems[1].reason == "free text must not contain control characters");
  CHECK(text->problems[2].line == 6);
  CHECK(text->problems[2].reason == "free text is not valid UTF-8");
  REQUIRE(text->responses.size() == 2);
  CHECK(text->responses[0].answers.back().text == "two lines\nare fine");
  CHECK(text->responses[1].answers.back().text == "a Windows\nline break");
  CHECK(error.violations.size() == 6);
  CHECK(error.violations[0].field == "line 3: organisation");
}

TEST_CASE("Files that cannot be read at all, and mappings that do not fit, are refused as a whole") {
  auto no_respondent = ReadSurveyFile("PBC1,PBC2\nYes,Good\n", SurveyFormat::kKmhub, {}, kPbc, Lookup, 1000);
  REQUIRE_FALSE(no_respondent);
  CHECK(no_respondent.error().message.find("no column holds the respondent id") != std::string::npos);
  auto no_question = ReadSurveyFile("respondent_id,Q9\n1,Yes\n", SurveyFormat::kKmhub, {}, kPbc, Lookup, 1000);
  REQUIRE_FALSE(no_question);
  CHECK(no_question.error().reason == "MISSING_COLUMN");
  auto bad_target = ReadSurveyFile("respondent_id,Q9\n1,Yes\n", SurveyFormat::kKmhub, {{"Q9", "PBC99"}}, kPbc, Lookup, 1000);
  REQUIRE_FALSE(bad_target);
  CHECK(bad_target.error().reason == "UNKNOWN_MAPPING_TARGET");
  auto missing = ReadSurveyFile("respondent_id,PBC1\n1,Yes\n", SurveyFormat::kKmhub, {{"Q7", "PBC2"}}, kPbc, Lookup, 1000);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().reason == "MAPPED_COLUMN_MISSING");
  auto too_many = ReadSurveyFile("respondent_id,PBC1\n1,Yes\n2,No\n3,Yes\n", SurveyFormat::kKmhub, {}, kPbc, Lookup, 2);
  REQUIRE_FALSE(too_many);
  CHECK(too_many.error().reason == "IMPORT_TOO_LARGE");
  auto one_header = ReadSurveyFile("\"Respondent ID\",\"Rating of information\"\n", SurveyFormat::kSurveyMonkey, {}, kPbc,
                                   Lookup, 10);
  REQUIRE_FALSE(one_header);
  CHECK(one_header.error().reason == "EMPTY_FILE");
}

TEST_CASE("Submission times in the forms exports write") {
  CHECK(NormaliseSubmitted("2009-11-24 10:15:03") == "2009-11-24T10:15:03");
  CHECK(NormaliseSubmitted("2009-11-24T10:15:03Z") == "2009-11-24T10:15:03");
  CHECK(NormaliseSubmitted("2009-11-24") == "2009-11-24T00:00:00");
  CHECK(NormaliseSubmitted("11/24/2009 12:15:03 AM") == "2009-11-24T00:15:03");
  CHECK(NormaliseSubmitted("1/2/2010 1:05 PM") == "2010-01-02T13:05:00");
  CHECK_FALSE(NormaliseSubmitted("2009-02-30 10:00:00"));
  CHECK_FALSE(NormaliseSubmitted("24/11/2009"));
  CHECK_FALSE(NormaliseSubmitted("yesterday"));
}

TEST_CASE("the format is told from the headings: LimeSurvey code and full-text exports, with BOM or semicolons") {
  CHECK(DetectSurveyFormat(Fixture("pbc-2010-q2-limesurvey.csv")) == SurveyFormat::kLimeSurvey);  // BOM, codes
  CHECK(DetectSurveyFormat(WithSemicolons(Fixture("pbc-2010-q2-limesurvey.csv"))) == SurveyFormat::kLimeSurvey);
  for (const char* name : {"limonaid-survey_100001_R_data_file.csv", "limonaid-survey_998192_R_data_file.csv"}) {
    INFO(name);
    const auto text = RealExport(name);  // BOM, "Response ID","Date submitted",…
    CHECK(DetectSurveyFormat(text) == SurveyFormat::kLimeSurvey);
    CHECK(DetectSurveyFormat(WithSemicolons(text)) == SurveyFormat::kLimeSurvey);
    CHECK(DetectSurveyFormat(text.substr(3)) == SurveyFormat::kLimeSurvey);  // without the BOM
  }
  CHECK(DetectSurveyFormat(Fixture("provider-2009-q4-surveymonkey.csv")) == SurveyFormat::kSurveyMonkey);
  CHECK(DetectSurveyFormat(Fixture("pbc-2010-q1-kmhub.csv")) == SurveyFormat::kKmhub);
  // An id column alone is no LimeSurvey export.
  CHECK(DetectSurveyFormat("id,PBC1\n1,Yes\n") == SurveyFormat::kKmhub);
}

TEST_CASE("a real LimeSurvey full-text export with a mapping: only the two submitted responses of seven are read") {
  // survey_998192: responses 1 and 9 were submitted; 4, 5, 6, 7 and 8 were started and left.
  const auto text = RealExport("limonaid-survey_998192_R_data_file.csv");
  const std::map<std::string, std::string> mapping = {{"Response ID", "respondent"}, {"How do you identify?", "PBC5"}};
  for (const auto& variant : {text, WithSemicolons(text)}) {
    const auto format = DetectSurveyFormat(variant);
    REQUIRE(format == SurveyFormat::kLimeSurvey);
    auto file = ReadSurveyFile(variant, format, mapping, kPbc, Lookup, 1000);
    REQUIRE(file);
    CHECK(file->problems.empty());
    CHECK(file->rows_read == 7);
    CHECK(file->skipped_incomplete == 5);
    REQUIRE(file->responses.size() == 2);
    CHECK(file->responses[0].respondent_id == "1");
    CHECK(file->responses[0].submitted == "2021-09-24T11:39:34");
    CHECK(file->responses[1].respondent_id == "9");
    CHECK(AnswerOf(file->responses[1], 5)->text == "woman");
  }
}
