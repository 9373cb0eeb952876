// End to end: the real kmhub-server and kmhub binaries, on SQLite and PostgreSQL.

#include <algorithm>
#include <fstream>
#include <signal.h>

#include <catch2/catch.hpp>

#include "server/activity/activity_store.h"
#include "server/access/token_store.h"
#include "client/kmhub_client.h"
#include "shared/civil_date.h"
#include "tests/support/cli_fixture.h"
#include "tests/support/process.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

TEST_CASE("CLI: org list prints a readable table of the demo partners") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend);
  const auto r = f.Kmhub("org list --kind gp-practice");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("NAME ", 0) == 0);
  CHECK(r.out.find("Mill Road Surgery") != std::string::npos);
  CHECK(r.out.find("D81001") != std::string::npos);
  CHECK(r.out.find("gp practice") != std::string::npos);
  CHECK(r.out.find("Riverside University Hospitals") == std::string::npos);
  CHECK(r.out.find("{") == std::string::npos);  // no protobuf debug strings
}

TEST_CASE("CLI: --output json is protobuf's JSON mapping, csv has a header row") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend);
  const auto json = f.Kmhub("org list --tag pbc --output json");
  REQUIRE(json.exit_code == 0);
  CHECK(json.out.find("\"organisations\": [") != std::string::npos);
  CHECK(json.out.find("\"kind\": \"ORGANISATION_KIND_PBC_CONSORTIUM\"") != std::string::npos);
  CHECK(json.out.find("\"ods_code\": \"RVNPB\"") != std::string::npos);

  const auto csv = f.Kmhub("contact list --role gp -o csv");
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("NAME,DISPLAY NAME,ROLE,JOB TITLE,E-MAIL,PHONE\r\n", 0) == 0);
  CHECK(csv.out.find("Elizabeth Carter,gp,GP Partner,elizabeth.carter@millroad.nhs.uk") != std::string::npos);
  CHECK(csv.out.find("Helen Marsh") == std::string::npos);  // a manager
}

TEST_CASE("CLI: create, update, get and delete an organisation, failures exit non-zero with one line") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  auto r = f.Kmhub("org create --name 'Riverside Hospice' --kind third-sector --ods nrv09 --domain hospice.org.uk --tag palliative");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Name:           organisations/1") != std::string::npos);
  CHECK(r.out.find("ODS code:       NRV09") != std::string::npos);

  r = f.Kmhub("org update 1 --name 'St Mary Hospice' --tag palliative --tag hospice");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("St Mary Hospice") != std::string::npos);
  CHECK(r.out.find("palliative, hospice") != std::string::npos);
  CHECK(r.out.find("Etag:           \"2\"") != std::string::npos);

  r = f.Kmhub("org update 1 --name X --etag '\"1\"'");
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("changed since you read it") != std::string::npos);

  r = f.Kmhub("org create --name Dup --kind acute-trust --ods NRV09");
  CHECK(r.exit_code == 4);
  CHECK(r.err == "kmhub: ODS code NRV09 already belongs to organisations/1; ODS codes are unique\n");

  r = f.Kmhub("org create --name '' --kind acute-trust --domain nhs.net");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("organisation.display_name: must not be empty") != std::string::npos);

  r = f.Kmhub("org create --name X --kind spaceship");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown organisation kind 'spaceship'; use one of: commissioner") != std::string::npos);

  r = f.Kmhub("org get 99");
  CHECK(r.exit_code == 3);
  CHECK(r.err == "kmhub: organisation organisations/99 does not exist\n");

  r = f.Kmhub("org delete 1");
  CHECK(r.exit_code == 0);
  CHECK(f.Kmhub("org get 1").exit_code == 3);
}

TEST_CASE("CLI: contacts import from and export to vCard, a malformed file imports nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  REQUIRE(f.Kmhub("org create --name Lotus --kind other").exit_code == 0);
  const std::string fixture = std::string(KMHUB_FIXTURES_DIR) + "/vcard/ezvcard-rfc2426-example.vcf";

  auto r = f.Kmhub("contacts import " + Quote(fixture) + " --org 1 --dry-run");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("dry run (nothing written): 2 card(s), 2 would be new, 0 would be updated") != std::string::npos);
  CHECK(f.database.CountRows("contacts") == 0);

  r = f.Kmhub("contacts import " + Quote(fixture) + " --org 1");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("imported: 2 card(s), 2 new, 0 updated") != std::string::npos);
  r = f.Kmhub("contacts import " + Quote(fixture) + " --org 1");
  CHECK(r.out.find("imported: 2 card(s), 0 new, 2 updated") != std::string::npos);

  TempDir dir;
  const std::string exported = dir.path() + "/out.vcf";
  r = f.Kmhub("contacts export --org 1 --file " + Quote(exported));
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("exported 2 contact(s)") != std::string::npos);
  const auto text = Run("cat " + Quote(exported)).out;
  CHECK(text.find("BEGIN:VCARD\r\nVERSION:4.0\r\n") == 0);
  CHECK(text.find("FN:Tim Howes\r\n") != std::string::npos);

  const std::string broken = dir.path() + "/broken.vcf";
  Run("printf 'BEGIN:VCARD\\nVERSION:4.0\\nFN:A\\nEND:VCARD\\nBEGIN:VCARD\\nVERSION:4.0\\nno colon here\\nEND:VCARD\\n' > " + Quote(broken));
  r = f.Kmhub("contacts import " + Quote(broken) + " --org 1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("line 7") != std::string::npos);
  CHECK(f.database.CountRows("contacts") == 2);

  r = f.Kmhub("contacts import /no/such/file.vcf --org 1");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: cannot read /no/such/file.vcf: no such file, or not readable\n");
}

TEST_CASE("CLI: the Android and Outlook exports import whole, saying what was left out, and export then import adds no one") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  REQUIRE(f.Kmhub("org create --name 'Riverside Carers Trust' --kind third-sector").exit_code == 0);
  const std::string vcards = std::string(KMHUB_FIXTURES_DIR) + "/vcard/";
  auto r = f.Kmhub("contacts import " + Quote(vcards + "ezvcard-John_Doe_ANDROID.vcf") + " --org 1");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // Six cards, six people; card 5 (line 36) lists 123456 three times, an e-mail that is 14 Ñ
  // and a photo.
  CHECK(r.out.find("imported: 6 card(s), 6 new, 0 updated, 4 value(s) left out") != std::string::npos);
  CHECK(r.err.find("kmhub: note: card at line 36: phones[1]: '123456' is listed twice; kept once\n") != std::string::npos);
  CHECK(r.err.find("is not an e-mail address; left out") != std::string::npos);
  r = f.Kmhub("contacts import " + Quote(vcards + "ezvcard-outlook-2003.vcf") + " --org 1");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("imported: 1 card(s), 1 new, 0 updated") != std::string::npos);
  CHECK(f.database.CountRows("contacts") == 7);

  // Exported and imported back into the same organisation: the same seven people, updated.
  TempDir dir;
  const std::string exported = dir.path() + "/all.vcf";
  REQUIRE(f.Kmhub("contacts export --org 1 --file " + Quote(exported)).exit_code == 0);
  r = f.Kmhub("contacts import " + Quote(exported) + " --org 1");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("imported: 7 card(s), 0 new, 7 updated") != std::string::npos);
  CHECK(r.err.empty());  // nothing left out the second time: the export holds only what was kept
  CHECK(f.database.CountRows("contacts") == 7);
  auto text = Run("cat " + Quote(exported)).out;
  for (std::size_t fold; (fold = text.find("\r\n ")) != std::string::npos;) text.erase(fold, 3);  // unfolded
  CHECK(text.find("N:Doe;John;;Mr.;III\r\n") != std::string::npos);
  CHECK(text.find("NOTE:This is the note field!!\\nSecond line\\n\\nThird line is empty\r\n") != std::string::npos);
  CHECK(text.find("ADR;TYPE=WORK:;TheOffice;123 Main St;Austin;TX;12345;United States of America\r\n") != std::string::npos);
}

TEST_CASE("CLI: --skip-invalid imports the good cards and lists each bad one by line, the default refuses the file") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  REQUIRE(f.Kmhub("org create --name Lotus --kind other").exit_code == 0);
  TempDir dir;
  const std::string book = dir.path() + "/book.vcf";
  {
    std::ofstream(book) << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n"
                           "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:a card with no name\r\nEND:VCARD\r\n"
                           "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Ray\r\nEND:VCARD\r\n"
                           "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" << std::string(201, 'x') << "\r\nEND:VCARD\r\n";
  }
  auto r = f.Kmhub("contacts import " + Quote(book) + " --org 1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("card at line 5") != std::string::npos);
  CHECK(f.database.CountRows("contacts") == 0);
  r = f.Kmhub("contacts import " + Quote(book) + " --org 1 --skip-invalid");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("imported: 4 card(s), 2 new, 0 updated, 2 skipped") != std::string::npos);
  CHECK(r.err == "kmhub: skipped card at line 5: display_name: must not be empty\n"
                 "kmhub: skipped card at line 13: display_name: must have at most 200 characters (has 201)\n");
  CHECK(f.database.CountRows("contacts") == 2);
}

TEST_CASE("CLI: relationships active on a date") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend);
  auto r = f.Kmhub("relationship list --type consortium-membership --active-on 2009-06-30 -o csv");
  REQUIRE(r.exit_code == 0);
  // Orchard Health Centre was in the South consortium until 2009-09-30.
  CHECK(r.out.find("Former member (moved to North consortium)") != std::string::npos);
  CHECK(r.out.find("Member practice since October 2009") == std::string::npos);
  // CSV is data: names in their own columns, an open end empty (the table says "(open)").
  CHECK(r.out.rfind("name,organisation,organisation_name,type,related_organisation,related_name,start_date,end_date,"
                    "description\r\n", 0) == 0);
  CHECK(r.out.find("(open)") == std::string::npos);
  CHECK(r.out.find(",Orchard Health Centre,") != std::string::npos);
  r = f.Kmhub("relationship list --type consortium-membership --all");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("(open)") != std::string::npos);
  CHECK(r.out.find("Orchard Health Centre (organisations/") != std::string::npos);  // names beside ids
  r = f.Kmhub("relationship list --active-on 2009-31-12");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: active_on: '2009-31-12' is not a real date\n");  // printed once
  r = f.Kmhub("relationship list --active-on 31/12/2009");
  CHECK(r.err == "kmhub: active_on: '31/12/2009' is not a date of the form YYYY-MM-DD\n");
}

TEST_CASE("CLI: a word that is no command is named, with the commands there are") {
  auto r = Run(std::string(KMHUB_CLI_BIN) + " indicator list");
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("kmhub: 'indicator' is not a command of kmhub; the commands are org, contact, ", 0) == 0);
  r = Run(std::string(KMHUB_CLI_BIN) + " org frobnicate");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: 'frobnicate' is not a command of kmhub org; the commands are create, get, list, update, "
                 "delete (kmhub org --help says what each does)\n");
  r = Run(std::string(KMHUB_CLI_BIN) + " org");
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("kmhub: kmhub org needs a command: create, get, list, update, delete", 0) == 0);
  // Mistakes in flags read like every other failure: one line, where to look.
  r = Run(std::string(KMHUB_CLI_BIN) + " project create P-X");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: --title is required (kmhub project create --help says how)\n");
  r = Run(std::string(KMHUB_CLI_BIN) + " roi P-X --window 99");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: --window: Value 99 not in range 1 to 60 (kmhub roi --help says how)\n");
  r = Run(std::string(KMHUB_CLI_BIN) + " project create --help");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Create a project") != std::string::npos);
}

TEST_CASE("CLI: a server that is not running is a clear message and exit code 5") {
  const auto r = Run(std::string(KMHUB_CLI_BIN) + " --server 127.0.0.1:1 --timeout 2 org list");
  CHECK(r.exit_code == 5);
  CHECK(r.err.find("cannot reach the kmhub server at 127.0.0.1:1") != std::string::npos);
}

TEST_CASE("server: demo data loads once, a restart on the same database changes nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase database(backend, 1, false);
  {
    ServerProcess first({"--database=" + database.url(), "--demo"});
    CHECK(first.Log().find("demo data loaded") != std::string::npos);
    CHECK(first.Stop(SIGTERM) == 0);
  }
  const auto organisations = database.CountRows("organisations");
  const auto contacts = database.CountRows("contacts");
  CHECK(organisations == 16);
  CHECK(contacts == 40);
  ServerProcess second({"--database=" + database.url(), "--demo"});
  CHECK(second.Log().find("schema migrations applied: 0") != std::string::npos);
  CHECK(second.Log().find("demo data already present") != std::string::npos);
  CHECK(database.CountRows("organisations") == organisations);
  CHECK(database.CountRows("contacts") == contacts);
}

TEST_CASE("server: SIGTERM and SIGINT stop it cleanly with exit code 0, logging each RPC") {
  Fixture f(Backend::kSqlite, false);
  REQUIRE(f.Kmhub("org list").exit_code == 0);
  REQUIRE(f.Kmhub("org get 5").exit_code == 3);
  const auto signal = GENERATE(SIGTERM, SIGINT);
  CHECK(f.server.Stop(signal) == 0);
  const auto log = f.server.Log();
  CHECK(log.find("info rpc method=/kmhub.v1.OrganisationService/ListOrganisations code=OK duration_ms=") != std::string::npos);
  CHECK(log.find("info rpc method=/kmhub.v1.OrganisationService/GetOrganisation code=NOT_FOUND") != std::string::npos);
  CHECK(log.find("NOT_SERVING") != std::string::npos);
  CHECK(log.find("kmhub-server stopped") != std::string::npos);
}

TEST_CASE("server: --help documents every option with its environment variable") {
  const auto r = Run(std::string(KMHUB_SERVER_BIN) + " --help");
  CHECK(r.exit_code == 0);
  for (const char* option : {"--listen", "--database", "--threads", "--max-message-bytes", "--max-page-size",
                             "--shutdown-grace", "--demo", "--no-reflection", "--log-level", "KMHUB_DATABASE"})
    CHECK(r.out.find(option) != std::string::npos);
  const auto bad = Run(std::string(KMHUB_SERVER_BIN) + " --database mysql://nope");
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.find("expected \"sqlite:PATH\" or \"postgresql://") != std::string::npos);
}

TEST_CASE("CLI: portfolio and project status answer 'what is the status of each project, and why?'") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend);
  auto r = f.Kmhub("portfolio");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("North Riverside PBC Consortium       8") != std::string::npos);
  CHECK(r.out.find("Red projects:") != std::string::npos);
  CHECK(r.out.find("P-COPD   COPD early supported discharge") != std::string::npos);
  CHECK(r.out.find("a milestone is 45 days overdue (more than 30)") != std::string::npos);
  CHECK(r.out.find("P-ENT ") == std::string::npos);  // cancelled: counted, not listed

  r = f.Kmhub("project status P-DERM --critical-path");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("RAG:         AMBER - the latest status update") != std::string::npos);
  CHECK(r.out.find("Clinic opens, due") != std::string::npos);
  CHECK(r.out.find("(slipped 20 days from") != std::string::npos);
  CHECK(r.out.find("Milestones:  3 of 5 completed") != std::string::npos);
  CHECK(r.out.find("Critical path (360 days)") != std::string::npos);
  CHECK(r.out.find("Consortium:  North Riverside PBC Consortium") != std::string::npos);
  CHECK(r.out.find("Lead:        Daniel Moss") != std::string::npos);
  CHECK(r.out.find(", by Daniel Moss: Clinic room refit delayed") != std::string::npos);
  CHECK(r.out.find("Orchard Health Centre (delivery partner)") != std::string::npos);

  r = f.Kmhub("project status P-FALLS -o json");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"rag\": \"RAG_RED\"") != std::string::npos);
  CHECK(r.out.find("\"rag_rule\": \"END_DATE_PASSED\"") != std::string::npos);

  r = f.Kmhub("project list --rag red -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("P-COPD,") != std::string::npos);
  CHECK(r.out.find("P-FALLS,") != std::string::npos);
  CHECK(r.out.find("P-DIAB,") == std::string::npos);

  r = f.Kmhub("project set-state P-HEART active");
  CHECK(r.exit_code == 4);
  CHECK(r.err == "kmhub: project P-HEART cannot go from proposed to active\n");
  CHECK(f.Kmhub("project set-state P-HEART approved").exit_code == 0);

  r = f.Kmhub("project status P-NOPE");
  CHECK(r.exit_code == 3);
  CHECK(r.err == "kmhub: project projects/P-NOPE does not exist\n");
}

TEST_CASE("CLI: milestones and status updates through the project commands") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  // Dates from the server's today (KMHUB_TODAY in tests that fix it), so that the project is
  // running and "Go live" still ahead whatever the date.
  const auto in_days = [](int days) { return CivilDate(std::chrono::year_month_day(CivilDate::Today().days() + std::chrono::days(days))).ToString(); };
  const std::string end = in_days(5 * 365), go_live = in_days(3 * 365);
  REQUIRE(f.Kmhub("org create --name 'South PBC' --kind pbc-consortium").exit_code == 0);
  auto r = f.Kmhub("project create P-TEST --title 'Test pathway' --consortium 1 --state active --start 2010-01-01 "
                   "--end " + end + " --investment 12500.50 --partner 1:lead --procedure w37.1");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Investment:   £12,500.50") != std::string::npos);
  r = f.Kmhub("project milestone add P-TEST --title 'Business case' --due 2010-02-01 --owner 1");
  REQUIRE(r.exit_code == 0);
  CHECK(LineStarting(r.out, "1   Business case").find(" South PBC (1) ") != std::string::npos);  // name beside id
  REQUIRE(f.Kmhub("project milestone add P-TEST --title 'Go live' --due " + go_live + " --after 1").exit_code == 0);
  r = f.Kmhub("project milestone update P-TEST 1 --after 2");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("cycle: 'Business case' -> 'Go live' -> 'Business case'") != std::string::npos);
  r = f.Kmhub("project milestone update P-TEST 1 --completed 2010-01-30");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("done") != std::string::npos);
  r = f.Kmhub("project update-status P-TEST --rag amber --narrative 'Waiting for the contract' --date 2010-02-02");
  REQUIRE(r.exit_code == 0);
  r = f.Kmhub("project status P-TEST");
  CHECK(r.out.find("RAG:         AMBER - the latest status update (2010-02-02) says amber [LATEST_UPDATE]") != std::string::npos);
  CHECK(r.out.find("Next:        Go live, due " + go_live) != std::string::npos);
  r = f.Kmhub("project update-status P-TEST --rag purple --narrative x");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown RAG rating 'purple'; use one of: green, amber, red") != std::string::npos);
}

TEST_CASE("CLI: a project recorded after the fact gets its real dates, partners and comparators can change and clear") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  REQUIRE(f.Kmhub("org create --name 'North PBC' --kind pbc-consortium").exit_code == 0);
  REQUIRE(f.Kmhub("org create --name 'Riverside Carers Trust' --kind third-sector").exit_code == 0);
  REQUIRE(f.Kmhub("project create P-PAST --title 'Past work' --consortium 1 --state approved --start 2009-04-01 "
                  "--end 2010-03-31 --comparator 2").exit_code == 0);
  auto r = f.Kmhub("project set-state P-PAST active --on 2009-05-01");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Actual:       from 2009-05-01\n") != std::string::npos);  // not today
  r = f.Kmhub("project set-state P-PAST completed --on 2010-02-26");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Actual:       2009-05-01 to 2010-02-26\n") != std::string::npos);
  r = f.Kmhub("project set-state P-PAST on-hold --on 2010-02-26");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: --on dates a start (active) or a completion (completed); on-hold has no date\n");
  r = f.Kmhub("project update P-PAST --actual-start 2009-04-20 --partner 2:delivery-partner --comparator ''");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Actual:       2009-04-20 to 2010-02-26\n") != std::string::npos);
  CHECK(r.out.find("Partners:     organisations/2 (delivery partner)\n") != std::string::npos);
  CHECK(r.out.find("Comparators:  \n") != std::string::npos);  // cleared
  // The audit log says what each change changed, before and after.
  r = f.Kmhub("audit list --resource projects/P-PAST --page-size 1 -o json");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"field\": \"actual_start_date\",\n     \"before\": \"2009-05-01\",\n     \"after\": \"2009-04-20\"") !=
        std::string::npos);
  CHECK(r.out.find("\"field\": \"comparator_organisations\",\n     \"before\": \"2\"\n") != std::string::npos);
  CHECK(r.out.find("\"field\": \"title\"") == std::string::npos);  // unchanged fields are not listed
  r = f.Kmhub("audit list --resource projects/P-PAST --page-size 1");
  CHECK(r.out.find("actual_start_date: '2009-05-01' -> '2009-04-20'") != std::string::npos);
  r = f.Kmhub("project update P-PAST --partner ''");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Partners:     \n") != std::string::npos);
}

TEST_CASE("CLI: project import-plan reads MS Project XML and CSV, and re-imports without duplicates") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  REQUIRE(f.Kmhub("project create P-DERM --title 'Community dermatology' --state active").exit_code == 0);
  const std::string xml = std::string(KMHUB_TEST_FIXTURES_DIR) + "/community-dermatology-plan.xml";
  auto r = f.Kmhub("project import-plan P-DERM " + Quote(xml) + " --dry-run");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("dry run (nothing written): 5 task(s), 5 would be new, 0 would be updated") != std::string::npos);
  r = f.Kmhub("project import-plan P-DERM " + Quote(xml));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("imported: 5 task(s), 5 new, 0 updated") != std::string::npos);
  CHECK(r.out.find("note: the link from 'GPwSI accreditation & clinic refit' to summary task 'Planning' was left out") !=
        std::string::npos);
  r = f.Kmhub("project import-plan P-DERM " + Quote(xml));
  CHECK(r.out.find("imported: 5 task(s), 0 new, 5 updated") != std::string::npos);

  REQUIRE(f.Kmhub("project create P-CSV --title 'From CSV'").exit_code == 0);
  r = f.Kmhub("project import-plan P-CSV " + Quote(std::string(KMHUB_TEST_FIXTURES_DIR) + "/community-dermatology-plan.csv") + " -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"Referral pathway agreed with Riverside University Hospitals, incl. 2-week wait\"") != std::string::npos);

  TempDir dir;
  const std::string broken = dir.path() + "/broken.xml";
  Run("printf '<Project>\\n<Tasks>\\n<Task><UID>1</UID>\\n</Project>\\n' > " + Quote(broken));
  r = f.Kmhub("project import-plan P-DERM " + Quote(broken));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("line 4: not well-formed XML") != std::string::npos);
  CHECK(r.err.find("nothing was imported") != std::string::npos);

  // Every problem of a file in one pass, each with its line, printed once; a completion-order
  // problem is a problem of the file (exit 2), not a refused precondition (4).
  const std::string bad_csv = dir.path() + "/bad.csv";
  std::ofstream(bad_csv) << "id,title,due,completed,percent_complete,predecessors\n"
                            "1,Business case,2010-01-31,,lots,\n"
                            "2,Pathway agreed,,,,1\n"
                            "3,Review,2010-04-01,,,9\n";
  r = f.Kmhub("project import-plan P-CSV " + Quote(bad_csv));
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "kmhub: 3 problem(s) in the file, nothing was imported\n"
        "  line 2: percent_complete: 'lots' is not a whole number from 0 to 100\n"
        "  line 3: due_date: is required, as YYYY-MM-DD\n"
        "  line 4: predecessors: 'Review' follows csv:9, which is not in the plan\n");
  std::ofstream(bad_csv) << "id,title,due,completed,predecessors\n1,Business case,2010-01-31,,\n"
                            "2,Clinic open,2010-03-01,2010-02-20,1\n";
  r = f.Kmhub("project import-plan P-CSV " + Quote(bad_csv));
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: 1 problem(s) in the file, nothing was imported\n"
                 "  line 3: completed: milestone 'Clinic open' cannot be complete while its predecessor 'Business case' "
                 "is not\n");
}

TEST_CASE("CLI: bootstrap an admin, hand out a scoped editor token, revoke it, read the audit log") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend);
  auto r = f.Kmhub("whoami");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("token 1 (cli-tests)") != std::string::npos);
  CHECK(r.out.find("admin") != std::string::npos);

  // organisations/11 of the demo set is Fenview Practice.
  r = f.Kmhub("token create --name 'Fenview practice manager' --role editor --org 11 --ttl-days 90");
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("created tokens/2 (editor); the secret below is shown only once") != std::string::npos);
  const std::string secret = r.out.substr(0, r.out.size() - 1);
  REQUIRE(secret.rfind("kmhub_", 0) == 0);

  r = f.KmhubWithToken(secret, "org list");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("organisations/11 ") != std::string::npos);
  CHECK(r.out.find("organisations/1 ") == std::string::npos);
  r = f.KmhubWithToken(secret, "org get 1");
  CHECK(r.exit_code == 6);
  CHECK(r.err.find("is scoped to organisations/11 and may not reach organisations/1") != std::string::npos);
  r = f.KmhubWithToken(secret, "audit list");
  CHECK(r.exit_code == 6);
  CHECK(r.err.find("has the editor role, which may not read the audit log") != std::string::npos);

  r = f.Kmhub("token list");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Fenview practice manager") != std::string::npos);
  CHECK(r.out.find(secret) == std::string::npos);
  REQUIRE(f.Kmhub("token revoke 2").exit_code == 0);
  r = f.KmhubWithToken(secret, "org list");
  CHECK(r.exit_code == 6);
  CHECK(r.err == "kmhub: the token is not valid (unknown, expired or revoked); ask an admin for a new one\n");

  r = f.Kmhub("audit list --resource tokens/2");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("RevokeToken") != std::string::npos);
  CHECK(r.out.find("CreateToken") != std::string::npos);
  CHECK(r.out.find("role editor, scoped to organisations/11, expires in 90 days") != std::string::npos);

  // The bootstrap token of the fixture, made with kmhub-server token create, is in the log too,
  // as made on this machine by this user.
  r = f.Kmhub("audit list --resource tokens/1 --output csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("kmhub-server token create") != std::string::npos);
  CHECK(r.out.find("local:") != std::string::npos);
  CHECK(r.out.find("created token 'cli-tests'") != std::string::npos);

  r = Run(std::string(KMHUB_CLI_BIN) + " --server " + f.server.address() + " org list");
  CHECK(r.exit_code == 6);
  CHECK(r.err.find("(no token given: set KMHUB_TOKEN or --token)") != std::string::npos);
}

TEST_CASE("CLI: token list --include-inactive tells expired and revoked tokens from active ones") {
  Fixture f(Backend::kSqlite, false);
  store::TokenStore tokens(f.database.db());
  store::TokenRecord expired;
  expired.display_name = "last year's locum";
  expired.role = 3;
  expired.token_hash = std::string(64, 'e');
  expired.created_by = "test";
  expired.create_micros = 1;
  expired.expire_micros = 2;  // long past
  REQUIRE(tokens.Create(expired));
  auto r = f.Kmhub("token list");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("last year's locum") == std::string::npos);
  r = f.Kmhub("token list --include-inactive --output csv");
  REQUIRE(r.exit_code == 0);
  const auto row = r.out.substr(r.out.find("last year's locum"));
  CHECK(row.substr(0, row.find('\n')).find(",expired 1970-01-01T00:00:00.000002Z") != std::string::npos);
  CHECK(r.out.find("cli-tests") != std::string::npos);
  CHECK(r.out.find(",active") != std::string::npos);
}

TEST_CASE("server: --insecure-no-auth lets anyone in as admin, and says so loudly") {
  TestDatabase database(Backend::kSqlite, 1, false);
  ServerProcess server({"--database=" + database.url(), "--insecure-no-auth"});
  const auto r = Run(std::string(KMHUB_CLI_BIN) + " --server " + server.address() + " whoami");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("anonymous (authentication off)") != std::string::npos);
  const auto log = server.Log();
  CHECK(log.find("warning !!! --insecure-no-auth: EVERY caller is treated as admin") != std::string::npos);
  CHECK(log.find("authentication OFF") != std::string::npos);
}

TEST_CASE("server: --max-page-size caps every list, KMHUB_MAX_PAGE_SIZE likewise") {
  TestDatabase database(Backend::kSqlite, 1, false);
  for (const bool by_environment : {false, true}) {
    INFO((by_environment ? "KMHUB_MAX_PAGE_SIZE=3" : "--max-page-size=3"));
    std::vector<std::string> args = {"--database=" + database.url(), "--insecure-no-auth", "--demo"};
    if (!by_environment) args.push_back("--max-page-size=3");
    ServerProcess server(args, by_environment ? std::vector<std::string>{"KMHUB_MAX_PAGE_SIZE=3"}
                                              : std::vector<std::string>{});
    client::ClientOptions options;
    options.server = server.address();
    client::KmhubClient client(options);
    kmhub::v1::ListOrganisationsRequest list;
    list.set_page_size(500);
    kmhub::v1::ListOrganisationsResponse page;
    REQUIRE(client.ListOrganisations(list, &page).ok());
    CHECK(page.organisations_size() == 3);  // the demo has more than 3
    CHECK_FALSE(page.next_page_token().empty());
    kmhub::v1::ListContactsRequest contacts;
    contacts.set_parent("organisations/-");
    contacts.set_page_size(500);
    kmhub::v1::ListContactsResponse people;
    REQUIRE(client.ListContacts(contacts, &people).ok());
    CHECK(people.contacts_size() == 3);
  }
}

TEST_CASE("server: backup copies a live SQLite database that opens and holds the data") {
  Fixture f(Backend::kSqlite);
  TempDir dir;
  const std::string copy = dir.path() + "/kmhub-backup.db";
  auto r = Run(std::string(KMHUB_SERVER_BIN) + " --database=" + Quote(f.database.url()) + " backup " + Quote(copy));
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("(integrity checked)") != std::string::npos);
  r = Run("sqlite3 " + Quote(copy) + " 'SELECT COUNT(*) FROM organisations; PRAGMA integrity_check;'");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "16\nok\n");
  // Restore = stop the server and put the copy in place of the database file (README).
  ServerProcess restored({"--database=sqlite:" + copy, "--insecure-no-auth"});
  r = Run(std::string(KMHUB_CLI_BIN) + " --server " + restored.address() + " org list --kind gp-practice");
  CHECK(r.out.find("Mill Road Surgery") != std::string::npos);
}

TEST_CASE("server: --log-json writes one JSON object per line") {
  TestDatabase database(Backend::kSqlite, 1, false);
  ServerProcess server({"--database=" + database.url(), "--insecure-no-auth", "--log-json"});
  Run(std::string(KMHUB_CLI_BIN) + " --server " + server.address() + " org get 42");
  CHECK(server.Stop(SIGTERM) == 0);
  const auto log = server.Log();
  CHECK(log.find("{\"time\":\"") == 0);
  CHECK(log.find("\"level\":\"info\",\"logger\":\"kmhub\",\"message\":\"rpc method=/kmhub.v1.OrganisationService/"
                 "GetOrganisation code=NOT_FOUND") != std::string::npos);
  CHECK(log.find("message=\\\"organisation organisations/42 does not exist\\\"") != std::string::npos);
}

TEST_CASE("server: --metrics-listen serves Prometheus text: calls by method and code, latency, pool, imports") {
  TestDatabase database(Backend::kSqlite, 1, false);
  ServerProcess server({"--database=" + database.url(), "--insecure-no-auth", "--metrics-listen=127.0.0.1:0"});
  const std::string cli = std::string(KMHUB_CLI_BIN) + " --server " + server.address();
  REQUIRE(Run(cli + " org create --name 'Riverside Hospice' --kind third-sector").exit_code == 0);
  TempDir dir;
  Run("printf 'BEGIN:VCARD\\r\\nVERSION:4.0\\r\\nFN:Ann Lee\\r\\nEND:VCARD\\r\\n' > " + Quote(dir.path() + "/a.vcf"));
  REQUIRE(Run(cli + " contacts import " + Quote(dir.path() + "/a.vcf") + " --org 1").exit_code == 0);
  Run(cli + " org get 99");
  CommandResult r;
  r.out = server.Metrics();
  REQUIRE_FALSE(r.out.empty());
  CHECK(r.out.find("kmhub_rpc_requests_total{method=\"/kmhub.v1.OrganisationService/CreateOrganisation\",code=\"OK\"} 1") !=
        std::string::npos);
  CHECK(r.out.find("kmhub_rpc_requests_total{method=\"/kmhub.v1.OrganisationService/GetOrganisation\",code=\"NOT_FOUND\"} 1") !=
        std::string::npos);
  CHECK(r.out.find("kmhub_rpc_duration_seconds_bucket{method=\"/kmhub.v1.OrganisationService/GetOrganisation\",le=\"+Inf\"} 1") !=
        std::string::npos);
  CHECK(r.out.find("kmhub_import_rows_total{kind=\"vcard\"} 1") != std::string::npos);
  // Every call made is over; the gauge would say 1 for a call still running (fault_test).
  CHECK(r.out.find("kmhub_rpc_in_flight{method=\"/kmhub.v1.OrganisationService/CreateOrganisation\"} 0") !=
        std::string::npos);
  CHECK(r.out.find("kmhub_db_connections 16") != std::string::npos);
  CHECK(r.out.find("kmhub_db_connections_in_use 0") != std::string::npos);
  // SQLite's checkpointer: a log this short is left for SQLite to start over by itself.
  CHECK(r.out.find("\nkmhub_sqlite_log_pages ") != std::string::npos);
  CHECK(r.out.find("kmhub_sqlite_log_restarts_total{outcome=\"restarted\"} 0") != std::string::npos);
  CHECK(r.out.find("kmhub_sqlite_log_restarts_total{outcome=\"reader_held\"} 0") != std::string::npos);
}

TEST_CASE("CLI: roi prints the three windows, the change and the return, or says why not") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend, false);
  REQUIRE(f.Kmhub("org create --name 'North PBC' --kind pbc-consortium").exit_code == 0);
  REQUIRE(f.Kmhub("project create P-HIP --title 'Hip pathway' --consortium 1 --state active --start 2009-04-01 "
                  "--end 2010-03-31 --investment 30000 --procedure W37.1").exit_code == 0);
  // Activity goes in through the store until `kmhub activity import` exists.
  store::ActivityStore activity(f.database.db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {}}}));
  std::vector<store::ActivityRecord> rows;
  for (Month m(2008, 4); m <= Month(2009, 3); m = m.Plus(1)) rows.push_back({1, "W371", m, 10, 100000});
  for (Month m(2010, 4); m <= Month(2011, 3); m = m.Plus(1)) rows.push_back({1, "W371", m, 15, 120000});
  REQUIRE(activity.ReplaceActivity(rows, false));

  auto r = f.Kmhub("roi P-HIP");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("projects/P-HIP: procedures per £ (shown per £1,000), windows of 12 months, data to 2011-03") !=
        std::string::npos);
  CHECK(r.out.find("before  2008-04 .. 2009-03  complete") != std::string::npos);
  CHECK(r.out.find("10.00") != std::string::npos);  // 120 / £12,000 = 10 per £1,000
  CHECK(r.out.find("12.50") != std::string::npos);  // 180 / £14,400
  CHECK(r.out.find("no activity recorded") != std::string::npos);  // during: none in this data
  CHECK(r.out.find("Change after vs before: +2.50 per £1,000 (+25.0 %)") != std::string::npos);
  CHECK(r.out.find("Investment return: 2.00 extra procedures per £1,000 invested") != std::string::npos);

  r = f.Kmhub("roi P-HIP -o csv");
  REQUIRE(r.exit_code == 0);
  // Data: a row a window, plain numbers, no bars or £, and the change and return on every row.
  CHECK(r.out.find("#") == std::string::npos);
  CHECK(r.out.find("£") == std::string::npos);
  CHECK(r.out.find("projects/P-HIP,before,2008-04,2009-03,ROI_WINDOW_STATE_COMPLETE,12,12,120,1200000,0.010000000,"
                   "100.000000000,0.002500000,25.000000000,0.002000000,,\r\n") != std::string::npos);

  r = f.Kmhub("roi P-HIP -o json");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"state\": \"ROI_WINDOW_STATE_NO_DATA\"") != std::string::npos);
  CHECK(r.out.find("\"investment_return\": 0.002") != std::string::npos);

  // No activity in the year before (2009-04 .. 2010-03) but some after: the reason names the
  // window that lacks a figure, not the after window's state.
  REQUIRE(f.Kmhub("project create P-LATE --title 'Late start' --consortium 1 --state completed --start 2010-04-01 "
                  "--end 2010-06-30 --procedure W37.1").exit_code == 0);
  r = f.Kmhub("roi P-LATE");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Change after vs before: not available (before: no activity recorded)") != std::string::npos);

  // Only 4 of the 12 months after P-EARLY have data: partial coverage, and how many months.
  REQUIRE(f.Kmhub("project create P-EARLY --title 'Early' --consortium 1 --state completed --start 2009-04-01 "
                  "--end 2010-07-31 --procedure W37.1").exit_code == 0);
  r = f.Kmhub("roi P-EARLY");
  REQUIRE(r.exit_code == 0);
  CHECK(LineStarting(r.out, "after   2010-08 .. 2011-03").find(" partial (data so far) ") != std::string::npos);
  CHECK(r.out.find("before  2008-04 .. 2009-03  complete") != std::string::npos);
  REQUIRE(activity.ReplaceActivity({{1, "W371", Month(2011, 8), 15, 120000}}, false));  // data to 2011-08
  r = f.Kmhub("roi P-EARLY");
  REQUIRE(r.exit_code == 0);
  CHECK(LineStarting(r.out, "after   2010-08 .. 2011-07").find(" partial coverage (8 of 12 months have data) ") !=
        std::string::npos);
  // A cancelled project has no after window, and a project without a consortium no scope.
  REQUIRE(f.Kmhub("project create P-STOP --title 'Stopped' --consortium 1 --state cancelled --start 2009-04-01 "
                  "--end 2010-03-31 --procedure W37.1").exit_code == 0);
  r = f.Kmhub("roi P-STOP");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Change after vs before: not available (after: none (project cancelled))") != std::string::npos);
  REQUIRE(f.Kmhub("project create P-LOOSE --title 'No consortium' --state completed --start 2009-04-01 "
                  "--end 2010-03-31 --procedure W37.1").exit_code == 0);
  r = f.Kmhub("roi P-LOOSE");
  REQUIRE(r.exit_code == 0);
  CHECK(LineStarting(r.out, "before  -").find(" no scope (project has no consortium) ") != std::string::npos);
  CHECK(r.out.find("not available (after: no scope (project has no consortium))") != std::string::npos);

  r = f.Kmhub("roi P-HIP --comparator 999");
  CHECK(r.exit_code == 3);
  CHECK(r.err == "kmhub: organisation organisations/999 does not exist\n");

  r = f.Kmhub("roi P-NONE");
  CHECK(r.exit_code == 3);
  CHECK(r.err == "kmhub: project projects/P-NONE does not exist\n");
}

TEST_CASE("CLI: roi --all ranks the demo projects against their peers' median") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend);
  // The demo has five projects that ended long enough ago to have an after window; the
  // minor-surgery one moved work into practices at a lower price and leads.
  auto r = f.Kmhub("roi --all");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Projects by change in procedures per £ (after vs before, windows of 12 months): 5 of 16 ranked") !=
        std::string::npos);
  CHECK(r.out.find("\n1     P-MINOR ") != std::string::npos);
  CHECK(r.out.find("above median") != std::string::npos);
  CHECK(r.out.find("below median") != std::string::npos);
  CHECK(r.out.find("P-DERM      Community dermatology (GPwSI) service") != std::string::npos);
  CHECK(r.out.find("after: not yet (project running or just ended)") != std::string::npos);

  r = f.Kmhub("roi --all --state completed --consortium 7 -o csv");
  REQUIRE(r.exit_code == 0);
  // organisations/7 is the South consortium: minor surgery, endoscopy and hernia repair.
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 4);
  CHECK(r.out.rfind("rank,project,title,state,before_per_pound,after_per_pound,change_per_pound_percent,"
                    "versus_peer_median,benchmark,not_ranked_because\r\n", 0) == 0);
  CHECK(r.out.find("\n1,projects/P-MINOR,") != std::string::npos);
  CHECK(r.out.find(" %") == std::string::npos);  // numbers, not "+27.0 %"
  CHECK(r.out.find("pts") == std::string::npos);
  CHECK(r.out.find(",ROI_BENCHMARK_ABOVE_MEDIAN,") != std::string::npos);

  r = f.Kmhub("roi --all -o json");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"benchmark\": \"ROI_BENCHMARK_ABOVE_MEDIAN\"") != std::string::npos);
  CHECK(r.out.find("\"ranked\": 5") != std::string::npos);
  // An unranked project says why, in the answer itself (the README promises it).
  CHECK(r.out.find("\"not_ranked_because\": \"the after window: not reached yet (the project is running or just ended)\"") !=
        std::string::npos);

  r = f.Kmhub("roi --all --state finished");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("'finished' is not a project state") != std::string::npos);
  r = f.Kmhub("roi");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("give a project code, or --all for the ranking") != std::string::npos);
}

TEST_CASE("CLI: survey create defines a survey from a questions file, and names each bad line") {
  Fixture f(Backend::kSqlite, false);
  TempDir dir;
  const std::string questions = dir.path() + "/carers.csv";
  { std::ofstream(questions) << "code,scale,text\r\nCAR1,agreement,The PCT listens to carers\r\n"
                                "CAR2,yes-no,\"Respite care was offered, when needed\"\r\nCAR3,free-text,Anything else?\r\n"; }
  auto r = f.Kmhub("survey create carers --title 'Carers survey' --audience partners --questions " + Quote(questions));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Created surveys/carers: Carers survey (partners), 3 question(s)") != std::string::npos);
  CHECK(r.out.find("CAR2  yes no       Respite care was offered, when needed") != std::string::npos);
  r = f.Kmhub("survey list");
  CHECK(r.out.find("carers    Carers survey") != std::string::npos);

  const std::string bad = dir.path() + "/bad.csv";
  { std::ofstream(bad) << "code,scale,text\nQ1,likert,One\nQ2,rating,Two\nQ3,stars,Three\n"; }
  r = f.Kmhub("survey create other --title Other --audience partners --questions " + Quote(bad));
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: " + bad + ":\n  line 2: 'likert' is not a scale (agreement, rating, yes-no or free-text)\n"
                 "  line 4: 'stars' is not a scale (agreement, rating, yes-no or free-text)\n");
  r = f.Kmhub("survey create carers --title Again --audience partners --questions " + Quote(questions));
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("a survey with code carers exists") != std::string::npos);
}

TEST_CASE("CLI: survey import from each tool, a bad file named line by line, imports listed and undone, results") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend);  // demo: practices D81001…, providers RVH, RVK, RVF, NRV01, three waves of each survey
  const std::string dir = std::string(KMHUB_TEST_FIXTURES_DIR) + "/surveys/";
  auto r = f.Kmhub("survey wave create pbc 2010-Q2 --opens 2010-04-01 --closes 2010-06-30");
  REQUIRE(r.exit_code == 0);
  r = f.Kmhub("survey wave create provider 2010-Q2 --opens 2010-04-01 --closes 2010-06-30");
  REQUIRE(r.exit_code == 0);

  r = f.Kmhub("survey import " + Quote(dir + "pbc-2010-q2-limesurvey.csv") + " --survey pbc --wave 2010-Q2 --map " +
              Quote(dir + "pbc-limesurvey.map") + " --dry-run");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("yes (nothing written)") != std::string::npos);
  r = f.Kmhub("survey import " + Quote(dir + "pbc-2010-q2-limesurvey.csv") + " --survey pbc --wave 2010-Q2 --map " +
              Quote(dir + "pbc-limesurvey.map"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Responses accepted:       4") != std::string::npos);
  CHECK(r.out.find("Incomplete (skipped):     1") != std::string::npos);
  CHECK(r.out.find("Format:                   limesurvey") != std::string::npos);
  CHECK(r.out.find("Outside the wave's dates: 0") != std::string::npos);
  // The 2009 SurveyMonkey export into the 2010-Q2 wave: every response is dated before the wave.
  const std::string monkey = "survey import " + Quote(dir + "provider-2009-q4-surveymonkey.csv") +
                             " --survey provider --wave 2010-Q2 --column 'Organisation code=organisation'";
  r = f.Kmhub(monkey + " --strict-dates");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("kmhub: 4 problem(s) in the file, nothing was imported") != std::string::npos);
  CHECK(r.err.find("  line 3: End Date: 2009-11-02 is before the wave opened (2010-04-01)") != std::string::npos);
  r = f.Kmhub(monkey);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Format:                   surveymonkey") != std::string::npos);  // told from its headings
  CHECK(r.out.find("Outside the wave's dates: 4 (2009-11-02 to 2009-11-05; --strict-dates refuses them)") !=
        std::string::npos);
  // Ignored columns: a count and the first three, not kilobytes of headings; --verbose lists all.
  CHECK(r.out.find("Ignored columns:          6: 'Collector ID', 'Start Date', 'IP Address', …") != std::string::npos);
  r = f.Kmhub(monkey + " --dry-run --verbose");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Responses to accept:") != std::string::npos);
  CHECK(r.out.find("\nIgnored columns:\n  Collector ID\n  Start Date\n  IP Address\n  Email Address\n  First Name\n"
                   "  Last Name\n") != std::string::npos);

  TempDir tmp;
  const std::string bad = tmp.path() + "/bad.csv";
  Run("printf 'respondent_id,organisation,PBC1,PBC2\\nX1,D81001,Yes,Good\\nX2,NOPE1,Perhaps,Good\\n' > " + Quote(bad));
  r = f.Kmhub("survey import " + Quote(bad) + " --survey pbc --wave 2010-Q2");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("kmhub: 2 problem(s) in the file, nothing was imported") != std::string::npos);
  CHECK(r.err.find("  line 3: organisation: 'NOPE1' is not the ODS code of a known organisation") != std::string::npos);
  CHECK(r.err.find("  line 3: PBC1: 'Perhaps' is not an answer on this scale") != std::string::npos);
  // 200 bad rows: every one printed (the error's trailers hold only the first and a count).
  std::string many = "respondent_id,organisation,PBC1,PBC2\n";
  for (int i = 0; i < 200; ++i) many += "R" + std::to_string(i) + ",D81001,Perhaps,Good\n";
  const std::string many_bad = tmp.path() + "/many-bad.csv";
  { std::ofstream(many_bad) << many; }
  r = f.Kmhub("survey import " + Quote(many_bad) + " --survey pbc --wave 2010-Q2");
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("kmhub: 200 problem(s) in the file, nothing was imported\n", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 201);
  CHECK(r.err.find("  line 201: PBC1: 'Perhaps' is not an answer on this scale") != std::string::npos);
  r = f.Kmhub("survey import " + Quote(bad) + " --survey pbc --wave 2010-Q2 --format word");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--format is kmhub, limesurvey or surveymonkey") != std::string::npos);

  r = f.Kmhub("survey imports --survey pbc");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("pbc-2010-q2-limesurvey.csv") != std::string::npos);
  const auto id_start = r.out.find('\n') + 1;
  const std::string latest = r.out.substr(id_start, r.out.find(' ', id_start) - id_start);

  r = f.Kmhub("survey results pbc --wave 2010-Q2 --question PBC1");
  REQUIRE(r.exit_code == 0);
  // 3 of 4 yes, against the demo's 37 of 48 in 2010-Q1.
  CHECK(r.out.find("wave 2010-Q2: n 4, 75.0 % positive (95% CI 30.1–95.4 %), -2.1 points since 2010-Q1") !=
        std::string::npos);
  CHECK(r.out.find("    yes  ############################## 3") != std::string::npos);
  r = f.Kmhub("survey results pbc --wave 2010-Q2 --question PBC1 -o json");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"percent_positive\": 75") != std::string::npos);

  r = f.Kmhub("survey undo-import " + latest);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Undid surveyImports/" + latest) != std::string::npos);
  r = f.Kmhub("survey results pbc --wave 2010-Q2 --question PBC1");
  CHECK(r.out.find("wave 2010-Q2: n 0") != std::string::npos);
  r = f.Kmhub("survey undo-import " + latest);
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("has already been undone") != std::string::npos);
}

TEST_CASE("CLI: activity import writes all rows or none, and names every bad row") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend);  // demo: Mill Road Surgery is D81001
  store::ActivityStore activity(f.database.db());
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total hip replacement", {{2009, 525000}}}}));
  const auto demo_rows = f.database.CountRows("activity");  // the demo's five years
  TempDir dir;
  const std::string good = dir.path() + "/good.csv", bad = dir.path() + "/bad.csv";
  Run("printf 'organisation,procedure,month,count\\nD81001,W37.1,2009-06,4\\nD81002,W371,2009-06,2\\n' > " + Quote(good));
  Run("printf 'organisation,procedure,month,count\\nD81001,W371,2009-07,4\\nNOPE1,W371,2009-07,2\\nD81001,W371,2009-13,1\\n' > " +
      Quote(bad));
  auto r = f.Kmhub("activity import " + Quote(good) + " --dry-run");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Rows that would be written:    2") != std::string::npos);  // not "Rows written"
  CHECK(r.out.find("yes (nothing written)") != std::string::npos);
  r = f.Kmhub("activity import " + Quote(good) + " --request-id nightly-2009-06");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Rows written:              2") != std::string::npos);
  CHECK(r.out.find("Replacing earlier figures: 0") != std::string::npos);
  // Repeated with the id (an answer lost to a time-out): the first import's figures, not "2 replaced".
  const auto first_answer = r.out;
  r = f.Kmhub("activity import " + Quote(good) + " --request-id nightly-2009-06");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == first_answer);
  r = f.Kmhub("activity import " + Quote(good));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Replacing earlier figures: 2") != std::string::npos);
  r = f.Kmhub("activity import " + Quote(bad));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("kmhub: 2 problem(s) in the file, nothing was imported") != std::string::npos);
  CHECK(r.err.find("  line 3: organisation: 'NOPE1' is not the ODS code of a known organisation") != std::string::npos);
  CHECK(r.err.find("  line 4: month: '2009-13' is not a month of the form YYYY-MM") != std::string::npos);
  CHECK(f.database.CountRows("activity") == demo_rows + 2);

  // 150 months each given twice: every one of the 150 problems is printed, once, and exit 2
  // (the error trailers alone would overflow gRPC's 8 KiB metadata limit).
  std::string many = "organisation,procedure,month,count,cost\n";
  for (int m = 0; m < 150; ++m) {
    const std::string month = std::to_string(1995 + m / 12) + "-" + (m % 12 < 9 ? "0" : "") + std::to_string(m % 12 + 1);
    many += "D81001,W371," + month + ",4,100\nD81001,W37.1," + month + ",5,125\n";
  }
  const std::string duplicates = dir.path() + "/duplicates.csv";
  { std::ofstream(duplicates) << many; }
  r = f.Kmhub("activity import " + Quote(duplicates));
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("kmhub: 150 problem(s) in the file, nothing was imported\n", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 151);
  CHECK(r.err.find("  line 301: month: a second row for the same organisation") != std::string::npos);
  CHECK(r.err.find("metadata") == std::string::npos);
  CHECK(f.database.CountRows("activity") == demo_rows + 2);

  // What was imported can be read back: June 2009 of W37.1, summed by organisation.
  r = f.Kmhub("activity list --procedure W37.1 --from 2009-06 --to 2009-06 --by organisation");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Mill Road Surgery") != std::string::npos);
  CHECK(r.out.find("£") != std::string::npos);
  CHECK(r.out.find("\nTotal: ") != std::string::npos);
  r = f.Kmhub("activity list --procedure W37.1 --from 2009-06 --to 2009-06 --by organisation -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("key,label,procedures,cost_pence\r\n", 0) == 0);  // data: pence as numbers, no £
  CHECK(r.out.find("£") == std::string::npos);
  r = f.Kmhub("activity list --by week");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "kmhub: --by is month, procedure or organisation, not 'week'\n");
}

TEST_CASE("CLI: procedures list shows the catalogue with each year's tariff, one year as NHS people write it") {
  Fixture f(Backend::kSqlite, false);
  TempDir dir;
  const std::string catalogue = dir.path() + "/catalogue.csv";
  { std::ofstream(catalogue) << "code,description,financial_year,tariff\nW37.1,Primary total hip replacement,2008/09,5000\n"
                                "W37.1,Primary total hip replacement,2009-10,5250\nHB12C,Major hip procedures,2009,12000.5\n"; }
  auto r = f.Kmhub("procedures import " + Quote(catalogue));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  r = f.Kmhub("procedures list");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("W37.1  OPCS-4  Primary total hip replacement  2008/09  £5,000.00") != std::string::npos);
  CHECK(r.out.find("HB12C  HRG4    Major hip procedures           2009/10  £12,000.50") != std::string::npos);
  r = f.Kmhub("procedures list --year 2008/09 -o csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "code,kind,description,financial_year,tariff_pence\r\nW371,OPCS-4,Primary total hip replacement,2008/09,500000\r\n");
  r = f.Kmhub("procedures list --year 2008/10");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("'2008/10' is not a financial year") != std::string::npos);
}

TEST_CASE("CLI: procedures import loads the catalogue that activity files refer to") {
  Fixture f(Backend::kSqlite, false);
  TempDir dir;
  const std::string catalogue = dir.path() + "/catalogue.csv";
  Run("printf 'code,description,financial_year,tariff\\nW37.1,Primary total hip replacement,2009,5250\\n"
      "W37.1,Primary total hip replacement,2010,5400\\n' > " + Quote(catalogue));
  auto r = f.Kmhub("procedures import " + Quote(catalogue));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Procedures: 1") != std::string::npos);
  CHECK(r.out.find("Tariffs:    2") != std::string::npos);
  Run("printf 'code,description,financial_year,tariff\\nW37,Hip,2009,1\\n' > " + Quote(catalogue));
  r = f.Kmhub("procedures import " + Quote(catalogue));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("  line 2: code: 'W37' is not an OPCS-4 code") != std::string::npos);
  CHECK(f.database.CountRows("procedure_tariffs") == 2);
}

namespace {

// The first CSV field of the first line containing `text` (a resource name or number).
std::string FirstFieldOfLineWith(const std::string& csv, const std::string& text) {
  const auto at = csv.find(text);
  REQUIRE(at != std::string::npos);
  const auto start = csv.rfind('\n', at) + 1;
  return csv.substr(start, csv.find(',', start) - start);
}

std::string ReadFile(const std::string& path) {
  const auto r = Run("cat " + Quote(path) + " 2>/dev/null");
  return r.out;
}

bool WaitFor(const std::string& path, const std::string& text) {
  for (int i = 0; i < 100; ++i) {
    if (ReadFile(path).find(text) != std::string::npos) return true;
    Run("sleep 0.1");
  }
  return false;
}

}  // namespace

TEST_CASE("CLI: forum threads, a thread view with answers, posting with mentions, search, watch and locks") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  Fixture f(backend);  // demo: four categories and two dozen threads

  auto r = f.Kmhub("forum categories");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("pec-and-consortia") != std::string::npos);
  CHECK(r.out.find("all members") != std::string::npos);

  r = f.Kmhub("forum threads --tag letters --state solved --output csv");
  REQUIRE(r.exit_code == 0);
  const std::string thread = FirstFieldOfLineWith(r.out, "Discharge letters arrive three weeks late");
  r = f.Kmhub("forum show " + thread);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("problem-solving · solved · 5 post(s)") != std::string::npos);
  CHECK(r.out.find("── Elizabeth Carter (Mill Road Surgery)") != std::string::npos);
  CHECK(r.out.find("\n    ── Victoria Lamb") != std::string::npos);  // a reply, indented under the question
  CHECK(r.out.find("✔ accepted answer") != std::string::npos);

  r = f.Kmhub("contact list --output csv --page-size 500");
  REQUIRE(r.exit_code == 0);
  const std::string helen = FirstFieldOfLineWith(r.out, "Helen Marsh");
  const std::string daniel = FirstFieldOfLineWith(r.out, "Daniel Moss");

  // Watch the thread in the background, then reply with a mention: the watcher prints it.
  TempDir tmp;
  const std::string out = tmp.path() + "/watch.out", err = tmp.path() + "/watch.err", code = tmp.path() + "/code";
  Run("(KMHUB_TOKEN=" + Quote(f.token) + " " + std::string(KMHUB_CLI_BIN) + " --server " + f.server.address() +
      " forum watch --thread " + thread + " --output json > " + Quote(out) + " 2> " + Quote(err) + "; echo $? > " +
      Quote(code) + ") > /dev/null 2>&1 & echo $! > " + Quote(tmp.path() + "/pid"));
  r = f.Kmhub("forum reply " + thread + " --as " + helen + " --to 1 --body " +
              Quote("Agreed at the contract meeting. @daniel.moss, the same for dermatology letters?"));
  INFO(r.err);
  // --to 1 is post 1 of this thread, which has no such post (post 1 opened another thread).
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("forumThreads/" + thread + "/posts/1 does not exist") != std::string::npos);
  // The watch is live (its ready event printed) before the reply that it must see.
  REQUIRE(WaitFor(err, "Watching forumThreads/" + thread + " for new posts"));
  r = f.Kmhub("forum reply " + thread + " --as " + helen + " --body " +
              Quote("Agreed at the contract meeting. @daniel.moss, the same for dermatology letters?"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Mentions: Daniel Moss") != std::string::npos);
  REQUIRE(WaitFor(out, "Agreed at the contract meeting"));
  const std::string watched = ReadFile(out);
  CHECK(std::count(watched.begin(), watched.end(), '\n') == 1);  // JSON Lines: one line per post
  CHECK(watched.find("\"display_name\":\"Helen Marsh\"") != std::string::npos);
  Run("kill -INT $(cat " + Quote(tmp.path() + "/pid") + ") $(pgrep -P $(cat " + Quote(tmp.path() + "/pid") + "))");
  REQUIRE(WaitFor(code, "\n"));
  CHECK(ReadFile(code) == "0\n");  // Ctrl-C ends a watch cleanly

  // A new thread about a project; the project's contributors include its author.
  r = f.Kmhub("forum post benchmarking --title " + Quote("Dermatology waits after the GPwSI clinics") + " --as " + daniel +
              " --tag dermatology --project P-DERM --body " + Quote("Routine waits fell from 13 to 6 weeks."));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Thread:") != std::string::npos);
  r = f.Kmhub("project contributors P-DERM");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Daniel Moss") != std::string::npos);
  CHECK(r.out.find("lead, update author, forum poster") != std::string::npos);

  // Search: stemmed, ranked, highlighted; csv has a header row.
  r = f.Kmhub("forum search 'dermatology waits'");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Dermatology waits after the GPwSI clinics") != std::string::npos);
  r = f.Kmhub("forum search referrals --category benchmarking --output csv");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("POST,THREAD,CATEGORY,AUTHOR,WRITTEN,RELEVANCE,SNIPPET", 0) == 0);
  CHECK(r.out.find("**referral") != std::string::npos);
  r = f.Kmhub("forum search -- -referrals");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("give at least one word") != std::string::npos);

  // Locked: replies refused with a reason and exit code 4; accept moves the answer.
  r = f.Kmhub("forum lock " + thread);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("locked") != std::string::npos);
  r = f.Kmhub("forum reply " + thread + " --as " + helen + " --body late");
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("is locked") != std::string::npos);
  REQUIRE(f.Kmhub("forum lock " + thread + " --unlock").exit_code == 0);
  r = f.Kmhub("forum accept " + thread + " --withdraw");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("State:  open") != std::string::npos);
}

TEST_CASE("server: --client-cert-role without mutual TLS is refused at start, not served as plaintext") {
  TestDatabase database(Backend::kSqlite, 1, false);
  const auto r = Run(std::string(KMHUB_SERVER_BIN) + " --database=" + Quote(database.url()) +
                     " --listen=127.0.0.1:0 --client-cert-role ledger-sync=viewer");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--client-cert-role grants roles to client certificates, which only a mutual-TLS server") !=
        std::string::npos);
  CHECK(r.out.find("listening") == std::string::npos);
}

TEST_CASE("CLI: a survey import that timed out says it may have completed, and its request id retries it once") {
  Fixture f(Backend::kSqlite);  // demo: practices D81001…
  REQUIRE(f.Kmhub("survey wave create pbc 2010-Q2 --opens 2010-04-01 --closes 2010-06-30").exit_code == 0);
  TempDir tmp;
  const std::string file = tmp.path() + "/large.csv";
  {
    std::ofstream out(file);
    out << "respondent_id,organisation,PBC1,PBC2\n";
    for (int i = 0; i < 40000; ++i) out << "R" << i << ",D81001,Yes,Good\n";
  }
  auto r = f.Kmhub("--timeout 0.1 survey import " + Quote(file) + " --survey pbc --wave 2010-Q2");
  INFO(r.err);
  REQUIRE(r.exit_code == 5);
  CHECK(r.err.find("did not answer within 0.1") != std::string::npos);
  CHECK(r.err.find("the import may have completed on the server: see `kmhub survey imports --survey pbc`") !=
        std::string::npos);
  const auto at = r.err.find("--request-id ");
  REQUIRE(at != std::string::npos);
  const std::string id = r.err.substr(at + 13, 36);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // said once
  // Whether or not the first call got through, the retry leaves exactly one import of the file.
  r = f.Kmhub("--timeout 60 survey import " + Quote(file) + " --survey pbc --wave 2010-Q2 --request-id " + id);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Responses accepted:       40000") != std::string::npos);
  r = f.Kmhub("--timeout 60 survey import " + Quote(file) + " --survey pbc --wave 2010-Q2 --request-id " + id);
  REQUIRE(r.exit_code == 0);
  CHECK(f.database.CountRows("survey_imports i JOIN survey_waves w ON w.id = i.wave_id WHERE w.label = '2010-Q2'") == 1);
}

TEST_CASE("CLI: an export of 12,000 contacts is whole (paged, never cut) and imports back") {
  Fixture f(Backend::kSqlite, false);
  REQUIRE(f.Kmhub("org create --name 'Large Practice' --kind gp-practice").exit_code == 0);
  REQUIRE(f.Kmhub("org create --name 'Its Successor' --kind gp-practice").exit_code == 0);
  TempDir dir;
  const std::string cards = dir.path() + "/cards.vcf", exported = dir.path() + "/exported.vcf";
  {
    std::ofstream out(cards, std::ios::binary);
    for (int i = 0; i < 12000; ++i)
      out << "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:large-" << i << "\r\nFN:Person " << i
          << "\r\nEMAIL:p" << i << "@large.nhs.uk\r\nEND:VCARD\r\n";
  }
  auto r = f.Kmhub("--timeout 120 contacts import " + Quote(cards) + " --org 1");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);  // more than the old fixed 5,000 a file
  r = f.Kmhub("--timeout 120 contacts export --org 1 --file " + Quote(exported));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("exported 12000 contact(s)") != std::string::npos);
  const auto text = Run("grep -c '^BEGIN:VCARD' " + Quote(exported)).out;
  CHECK(text == "12000\n");
  CHECK(Run("grep -c 'Person 11999' " + Quote(exported)).out == "1\n");
  r = f.Kmhub("--timeout 120 contacts import " + Quote(exported) + " --org 2");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(f.database.CountRows("contacts WHERE organisation_id = 2") == 12000);
}
