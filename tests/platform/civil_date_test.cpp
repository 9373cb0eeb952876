#include "shared/civil_date.h"

#include <catch2/catch.hpp>

#include <cstdlib>

using kmhub::CivilDate;
using kmhub::DateProblem;

TEST_CASE("civil dates accept only real YYYY-MM-DD days") {
  CHECK(CivilDate::Parse("2024-02-29"));
  CHECK_FALSE(CivilDate::Parse("2023-02-29"));
  CHECK_FALSE(CivilDate::Parse("2024-13-01"));
  CHECK_FALSE(CivilDate::Parse("2024-1-01"));
  CHECK_FALSE(CivilDate::Parse("01/02/2024"));
  CHECK_FALSE(CivilDate::Parse("1899-12-31"));
  CHECK(CivilDate::Parse("2009-04-01")->ToString() == "2009-04-01");
  CHECK(*CivilDate::Parse("2009-03-31") < *CivilDate::Parse("2009-04-01"));
}

TEST_CASE("KMHUB_TODAY fixes today's date for tests and demos, a time after it ignored, nonsense ignored") {
  setenv("KMHUB_TODAY", "2031-06-15", 1);
  CHECK(CivilDate::Today().ToString() == "2031-06-15");
  setenv("KMHUB_TODAY", "2026-12-31 23:59:59", 1);
  CHECK(CivilDate::Today().ToString() == "2026-12-31");
  setenv("KMHUB_TODAY", "next tuesday", 1);
  const auto real = CivilDate::Today();
  unsetenv("KMHUB_TODAY");
  // the system's date: the same as unset (a day apart at most, should midnight pass in between)
  CHECK(std::abs((CivilDate::Today().days() - real.days()).count()) <= 1);
}

TEST_CASE("a date that is no date says why: not a real day, or not the form") {
  CHECK(DateProblem("2012-02-29") == "");
  CHECK(DateProblem("2011-02-29") == "'2011-02-29' is not a real date");
  CHECK(DateProblem("2011-13-01") == "'2011-13-01' is not a real date");
  CHECK(DateProblem("1850-01-01") == "'1850-01-01' is not a real date");  // outside 1900–2999
  CHECK(DateProblem("2011-2-3") == "'2011-2-3' is not a date of the form YYYY-MM-DD");
  CHECK(DateProblem("3/2/2011") == "'3/2/2011' is not a date of the form YYYY-MM-DD");
  CHECK(DateProblem("") == "'' is not a date of the form YYYY-MM-DD");
}
