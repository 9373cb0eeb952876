#include "server/activity/activity_csv.h"

#include <catch2/catch.hpp>

using namespace kmhub;
using namespace kmhub::domain;

namespace {

const std::vector<store::ProcedureRecord> kCatalogue = {
    {"W371", 1, "Primary total hip replacement", {{2009, 525000}, {2010, 540000}}},
};

std::optional<std::int64_t> Ods(const std::string& code) {
  if (code == "D81001") return 9;
  return std::nullopt;
}

}  // namespace

TEST_CASE("activity file: cost from the tariff of the month's financial year, across the April change") {
  const auto file = ReadActivityFile(
      "organisation,procedure,month,count\nd81001,W37.1,2010-03,2\nD81001,W371,2010-04,2\n", Ods, kCatalogue, 100);
  REQUIRE(file);
  REQUIRE(file->problems.empty());
  REQUIRE(file->rows.size() == 2);
  CHECK(file->rows[0].organisation_id == 9);
  CHECK(file->rows[0].procedure_code == "W371");
  CHECK(file->rows[0].cost_pence == 2 * 525000);  // March 2010: FY 2009/10
  CHECK(file->rows[1].cost_pence == 2 * 540000);  // April 2010: FY 2010/11
}

TEST_CASE("activity file: a given cost is taken as pounds and pence") {
  const auto file =
      ReadActivityFile("Organisation,Procedure,Month,Count,Cost\nD81001,W371,2011-05,3,15750.5\n", Ods, kCatalogue, 100);
  REQUIRE(file);
  REQUIRE(file->rows.size() == 1);
  CHECK(file->rows[0].cost_pence == 1575050);
}

TEST_CASE("activity file: every bad row is reported with line, column and reason") {
  const auto file = ReadActivityFile(
      "organisation,procedure,month,count,cost\n"
      "D81001,W371,2009-06,-4,\n"      // line 2: negative count
      "ZZZ99,W371,2009-06,4,\n"        // line 3: unknown organisation
      "D81001,X999,2009-06,4,\n"       // line 4: not in the catalogue
      "D81001,W371,June 2009,4,\n"     // line 5: malformed month
      "D81001,W371,2011-06,4,\n"       // line 6: no tariff for FY 2011/12
      "D81001,W371,2009-06,4,12.345\n" // line 7: malformed cost
      "D81001,W371,2009-07,4,\n",      // line 8: fine
      Ods, kCatalogue, 100);
  REQUIRE(file);
  REQUIRE(file->problems.size() == 6);
  CHECK(file->rows_read == 7);
  CHECK(file->problems[0].line == 2);
  CHECK(file->problems[0].column == "count");
  CHECK(file->problems[0].reason == "a count cannot be negative");
  CHECK(file->problems[1].column == "organisation");
  CHECK(file->problems[2].reason == "X999 is not in the procedure catalogue; import it first");
  CHECK(file->problems[3].column == "month");
  CHECK(file->problems[4].reason == "no cost given and W37.1 has no tariff for the financial year 2011/12");
  CHECK(file->problems[5].column == "cost");
  const auto error = ActivityProblems(file->problems);
  CHECK(error.reason == "INVALID_ACTIVITY_ROWS");
  CHECK(error.violations[0].field == "line 2: count");
  CHECK(error.message.rfind("6 problem(s) in the file, nothing was imported", 0) == 0);
}

TEST_CASE("activity file: patient-identifiable or missing columns refuse the whole file") {
  for (const char* header : {"organisation,procedure,month,count,NHS Number", "organisation,procedure,month,count,DOB",
                             "Patient Postcode,organisation,procedure,month,count", "name,organisation,procedure,month,count"}) {
    INFO(header);
    const auto file = ReadActivityFile(std::string(header) + "\n", Ods, kCatalogue, 100);
    REQUIRE_FALSE(file);
    CHECK(file.error().reason == "PATIENT_IDENTIFIABLE_COLUMN");
    CHECK(file.error().message.find("kmhub stores aggregate counts only") != std::string::npos);
  }
  const auto missing = ReadActivityFile("organisation,procedure,count\n", Ods, kCatalogue, 100);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().reason == "MISSING_COLUMN");
  const auto big = ReadActivityFile("organisation,procedure,month,count\nD81001,W371,2009-06,1\nD81001,W371,2009-07,1\n",
                                    Ods, kCatalogue, 1);
  REQUIRE_FALSE(big);
  CHECK(big.error().reason == "IMPORT_TOO_LARGE");
}

TEST_CASE("catalogue file: one procedure per code with a tariff per financial year, problems named") {
  const auto file = ReadCatalogueFile(
      "code,description,financial_year,tariff\n"
      "W37.1,Primary total hip replacement,2009,5250\n"
      "W371,Primary total prosthetic replacement of hip joint,2010,5400.50\n"
      "HB12C,Major hip procedures category 2 without CC,2009,4100\n",
      100);
  REQUIRE(file);
  REQUIRE(file->problems.empty());
  REQUIRE(file->procedures.size() == 2);
  CHECK(file->procedures[0].code == "W371");
  CHECK(file->procedures[0].description == "Primary total prosthetic replacement of hip joint");
  CHECK(file->procedures[0].tariff_pence == std::map<int, std::int64_t>{{2009, 525000}, {2010, 540050}});
  CHECK(file->tariffs == 3);

  const auto bad = ReadCatalogueFile(
      "code,description,financial_year,tariff\nW37,Hip,2009,1\nW371,Hip,09,1\nW371,Hip,2009,-1\nW371,Hip,2009,1\nW371,Hip,2009,2\n",
      100);
  REQUIRE(bad);
  REQUIRE(bad->problems.size() == 4);
  CHECK(bad->problems[0].column == "code");
  CHECK(bad->problems[1].column == "financial_year");
  CHECK(bad->problems[2].column == "tariff");
  CHECK(bad->problems[3].reason == "a second tariff for W371 in 2009/10");
}

TEST_CASE("catalogue file: financial years as NHS people write them") {
  const auto file = ReadCatalogueFile("code;description;financial_year;tariff\n"  // Excel's semicolons too
                                      "W371;Hip;2008/09;5000\nW371;Hip;2009-10;5250\nW371;Hip;FY2010/11;5400\n"
                                      "W371;Hip;2011/2012;5500\nW371;Hip;2012;5600\n",
                                      100);
  REQUIRE(file);
  REQUIRE(file->problems.empty());
  CHECK(file->procedures.at(0).tariff_pence ==
        std::map<int, std::int64_t>{{2008, 500000}, {2009, 525000}, {2010, 540000}, {2011, 550000}, {2012, 560000}});
  for (const char* wrong : {"2009/11", "09/10", "2009/1", "1989", "20O9"}) {
    INFO(wrong);
    CHECK_FALSE(ParseFinancialYear(wrong));
  }
  CHECK(FinancialYearLabel(2008) == "2008/09");
  CHECK(FinancialYearLabel(2099) == "2099/00");
}

TEST_CASE("catalogue file: a description holds text as every other field does (no NUL, no control characters, UTF-8)") {
  using namespace std::string_literals;
  const auto bad = ReadCatalogueFile("code,description,financial_year,tariff\n"
                                     "W371,Hip\0replacement,2009,1\n"
                                     "W381,Knee\x01,2009,1\n"
                                     "W391,Shoulder \xff,2009,1\n"s,
                                     100);
  REQUIRE(bad);
  REQUIRE(bad->problems.size() == 3);
  for (const auto& problem : bad->problems) CHECK(problem.column == "description");
  CHECK(bad->problems[0].reason == "must not contain control characters");
  CHECK(bad->problems[1].reason == "must not contain control characters");
  CHECK(bad->problems[2].reason == "is not valid UTF-8");
}

TEST_CASE("activity file: rows past the listed problems are still bad rows, never accepted (found by fuzzing)") {
  // Four rows naming a procedure not in the catalogue, with one problem listed: the rows the
  // list leaves out must not slip into the file as good ones.
  const auto file = ReadActivityFile(
      "organisation,procedure,month,count\nD81001,X999,2009-01,1\nD81001,X999,2009-01,1\nD81001,X999,2009-01,1\n"
      "D81001,X999,2009-01,1\n",
      Ods, kCatalogue, 100, 1);
  REQUIRE(file);
  CHECK(file->rows.empty());
  REQUIRE(file->problems.size() == 2);
  CHECK(file->problems[1].reason == "… and more problems");
}
