// Every real export the team holds (../shared/fixtures, see its SOURCES.md) and the project's own
// fixtures, imported through the CLI on SQLite and PostgreSQL, each checked against the counts
// worked out by reading the file (the comments say how), or refused with the reason the README
// documents. A format that arrives adds its files here. Mail (mbox, eml, pst) has no import yet
// (issue 24): those files join this suite with it.

#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/cli_fixture.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

std::string Team(const std::string& path) { return std::string(KMHUB_FIXTURES_DIR) + "/" + path; }
std::string Own(const std::string& path) { return std::string(KMHUB_TEST_FIXTURES_DIR) + "/" + path; }

struct VcardCase {
  const char* file;
  const char* summary;  // the import's summary line
  const char* kept;     // a value the card must keep, as the table shows it
};

// Cards are counted by BEGIN:VCARD lines (in any case); what is left out is each value the
// file gives that a contact cannot hold, read off the file.
const VcardCase kVcards[] = {
    // Six cards; the fifth (line 36) lists 123456 three times, an e-mail of 14 Ñ and a photo.
    {"vcard/ezvcard-John_Doe_ANDROID.vcf", "imported: 6 card(s), 6 new, 0 updated, 4 value(s) left out",
     "jane.doe@company.com"},
    // One card; N has all five parts, ADR a folded line, NOTE escaped commas.
    {"vcard/ezvcard-John_Doe_EVOLUTION.vcf", "imported: 1 card(s), 1 new, 0 updated\n",
     "Mr. John Richter, James Doe Sr."},
    // One card; its four TEL values are placeholders (BusinessPhone, …), its KEY is an inline
    // certificate and its FBURL decodes to a form feed: six values left out.
    {"vcard/ezvcard-outlook-2003.vcf", "imported: 1 card(s), 1 new, 0 updated, 6 value(s) left out",
     "jdoe@hotmail.com"},
    // Two 3.0 cards, begun in lower case.
    {"vcard/ezvcard-rfc2426-example.vcf", "imported: 2 card(s), 2 new, 0 updated\n", "Tim Howes"},
    {"vcard/ezvcard-rfc6350-example.vcf", "imported: 1 card(s), 1 new, 0 updated\n", "Simon Perreault"},
    // One card with its name in English and Japanese: the first is the contact's.
    {"vcard/vobject-vcard40_multilang.vcf", "imported: 1 card(s), 1 new, 0 updated\n", "Yamada Taro"},
};

}  // namespace

TEST_CASE("real files: every vCard export imports, keeps what it says, and imports again without duplicates") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  int organisation = 0;
  for (const auto& c : kVcards) {
    INFO(c.file);
    REQUIRE(f.Kmhub("org create --name " + Quote(std::string("Holder of ") + c.file) + " --kind other").exit_code == 0);
    const std::string org = std::to_string(++organisation);
    auto r = f.Kmhub("contacts import " + Quote(Team(c.file)) + " --org " + org);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find(c.summary) != std::string::npos);
    CHECK(r.out.find(c.kept) != std::string::npos);
    // Its export, imported back into the same organisation: the same people, none new.
    TempDir dir;
    const std::string exported = dir.path() + "/export.vcf";
    REQUIRE(f.Kmhub("contacts export --org " + org + " --file " + Quote(exported)).exit_code == 0);
    r = f.Kmhub("contacts import " + Quote(exported) + " --org " + org);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find(" 0 new, ") != std::string::npos);
    CHECK(r.err.empty());
  }
  CHECK(f.database.CountRows("contacts") == 6 + 1 + 1 + 2 + 1 + 1);
}

TEST_CASE("real files: every MS Project plan imports its tasks, summary tasks said and left out") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  REQUIRE(f.Kmhub("org create --name 'North PBC' --kind pbc-consortium").exit_code == 0);
  // Tasks are the <Task> elements with a name; summary tasks (<Summary>1) are not milestones.
  const std::pair<const char*, const char*> plans[] = {
      {"mspdi/mpxj-baselines.xml", "imported: 1 task(s), 1 new, 0 updated"},        // 2 tasks, 1 summary
      {"mspdi/mpxj-mspdirelations.xml", "imported: 5 task(s), 5 new, 0 updated"},    // 6 tasks, 1 summary
      {"mspdi/mpxj-sample1.xml", "imported: 18 task(s), 18 new, 0 updated"},         // 23 tasks, 5 summary
      {"community-dermatology-plan.xml (the project's own)", nullptr},
  };
  int project = 0;
  for (const auto& [file, summary] : plans) {
    INFO(file);
    const std::string code = "P-REAL-" + std::to_string(++project);
    REQUIRE(f.Kmhub("project create " + code + " --title 'Real plan' --consortium 1 --state active --start 2009-04-01")
                .exit_code == 0);
    const std::string path = summary ? Team(file) : Own("community-dermatology-plan.xml");
    auto r = f.Kmhub("project import-plan " + code + " " + Quote(path));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The project's own plan: five milestones, two of them summary-free warnings (README, Plans).
    CHECK(r.out.find(summary ? summary : "imported: 5 task(s), 5 new, 0 updated") != std::string::npos);
    r = f.Kmhub("project import-plan " + code + " " + Quote(path));  // again: updates, adds nothing
    CHECK(r.out.find(" 0 new, ") != std::string::npos);
  }
  // The relations sample's links keep their types and lag (Task 3 starts a working day after
  // Task 2 starts; Task 4 finishes with Task 3; Task 5 finishes when Task 4 starts) and the
  // critical path follows them to Task 5, which must finish when Task 4 starts and so starts
  // three days before it: 3 days from Task 5's start to the plan's end.
  auto r = f.Kmhub("project milestone list P-REAL-2 -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(",Task 3,") != std::string::npos);
  for (const char* link : {",3SS+1d\r\n", ",4FF\r\n", ",5SF\r\n"}) {
    INFO(link);
    CHECK(r.out.find(link) != std::string::npos);
  }
  r = f.Kmhub("project status P-REAL-2 --critical-path");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Critical path (3 days): 2 -> 3 -> 4 -> 5 -> 6") != std::string::npos);
}

TEST_CASE("real files: LimeSurvey exports read by their headings, never-submitted responses skipped, or refused with the documented reason") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  TempDir dir;
  const std::string questions = dir.path() + "/questions.csv";
  { std::ofstream(questions) << "code,scale,text\nQ1,free-text,What the respondent wrote\n"; }
  REQUIRE(f.Kmhub("survey create real --title 'Real exports' --audience partners --questions " + Quote(questions))
              .exit_code == 0);
  REQUIRE(f.Kmhub("survey wave create real W1 --opens 2020-01-01 --closes 2023-12-31").exit_code == 0);
  auto import = [&](const std::string& file, const std::string& columns) {
    return f.Kmhub("survey import " + Quote(Team(file)) + " --survey real --wave W1 " + columns);
  };

  // survey_998192, full-text headings: 7 responses, only 1 and 9 submitted.
  auto r = import("limesurvey/limonaid-survey_998192_R_data_file.csv",
                  "--column 'Response ID=respondent' --column 'How do you identify?=Q1' --dry-run");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Format:                   limesurvey") != std::string::npos);
  CHECK(r.out.find("Rows read:                7") != std::string::npos);
  CHECK(r.out.find("Responses to accept:      2") != std::string::npos);
  CHECK(r.out.find("Incomplete (skipped):     5") != std::string::npos);

  // survey_100001, 646 full-text columns: 3 responses, the second never submitted.
  r = import("limesurvey/limonaid-survey_100001_R_data_file.csv",
             "--column 'Response ID=respondent' --column 'How old are you?=Q1' --dry-run");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Rows read:                3") != std::string::npos);
  CHECK(r.out.find("Responses to accept:      2") != std::string::npos);
  // 646 headings: the id, the submission date and the mapped one are read, one is empty.
  CHECK(r.out.find("Ignored columns:          642: 'Last page', 'Start language', 'Seed', …") != std::string::npos);

  // The PLR tool's export has question codes only (no id, no submitdate): not told as LimeSurvey,
  // and refused without a respondent column (MISSING_COLUMN) until one is mapped; then 50.
  r = import("limesurvey/limesurvey-codes-PLR_tool_AP-results-survey.csv", "--dry-run");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no column holds the respondent id") != std::string::npos);
  r = import("limesurvey/limesurvey-codes-PLR_tool_AP-results-survey.csv",
             "--column 'Q00PARTICIPANT=respondent' --column 'Q02Age=Q1'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Responses accepted:       50") != std::string::npos);

  // The project's own exports, in their formats (tests/fixtures/surveys), naming practices by ODS code.
  for (int i = 1; i <= 4; ++i)
    REQUIRE(f.Kmhub("org create --name 'Practice " + std::to_string(i) + "' --kind gp-practice --ods D8100" +
                    std::to_string(i))
                .exit_code == 0);
  r = f.Kmhub("survey wave create pbc 2010-Q2 --opens 2010-04-01 --closes 2010-06-30");
  REQUIRE(r.exit_code == 0);
  r = f.Kmhub("survey import " + Quote(Own("surveys/pbc-2010-q2-limesurvey.csv")) + " --survey pbc --wave 2010-Q2 --map " +
              Quote(Own("surveys/pbc-limesurvey.map")) + " --dry-run");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Responses to accept:      4") != std::string::npos);  // 5 rows, 1 never submitted
}
