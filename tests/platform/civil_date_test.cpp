#include "shared/civil_date.h"

#include <catch2/catch.hpp>

using kmhub::CivilDate;

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
