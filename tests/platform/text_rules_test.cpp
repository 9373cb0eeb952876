#include "server/platform/rules/text_rules.h"

#include <catch2/catch.hpp>

using namespace kmhub;
using namespace kmhub::domain;

TEST_CASE("ODS codes are 3 to 6 upper-case letters and digits with a letter") {
  for (const char* ok : {"RGT", "5PX", "D81001", "RGT01", "Y0001"}) CHECK(IsValidOdsCode(ok));
  for (const char* bad : {"", "RG", "D810011", "rgt", "123", "R-T", "R T"}) CHECK_FALSE(IsValidOdsCode(bad));
}

TEST_CASE("e-mail addresses and domains") {
  CHECK(IsValidEmailAddress("jane.smith@nhs.net"));
  CHECK(IsValidEmailAddress("Frank_Dawson@Lotus.com"));
  CHECK(IsValidEmailAddress("a+b@cambs.gov.uk"));
  for (const char* bad : {"jane", "@nhs.net", "jane@", "jane@nhs", "ja ne@nhs.net", "jane@@nhs.net", ".jane@nhs.net",
                          "ja..ne@nhs.net", "jane@-nhs.net", "a|b@nhs.net"})
    CHECK_FALSE(IsValidEmailAddress(bad));
  CHECK(IsValidEmailDomain("addenbrookes.nhs.uk"));
  CHECK_FALSE(IsValidEmailDomain("NHS.net"));  // domains are stored lower-case
  CHECK_FALSE(IsValidEmailDomain("localhost"));
}

TEST_CASE("tags and phones") {
  CHECK(IsValidTag("mental-health"));
  CHECK_FALSE(IsValidTag("Mental"));
  CHECK_FALSE(IsValidTag("a_b"));
  CHECK_FALSE(IsValidTag("-a"));
  CHECK_FALSE(IsValidTag(std::string(41, 'a')));
  CHECK(IsValidPhone("01632 960101"));
  CHECK(IsValidPhone("+1-418-656-9254 ext 102"));
  CHECK_FALSE(IsValidPhone("call me"));
  CHECK_FALSE(IsValidPhone("12"));
}

TEST_CASE("text length counts characters, not bytes, and refuses invalid UTF-8") {
  Violations v;
  CheckText(v, "name", std::string(200, 'a'), 1, 200);
  CheckText(v, "name", "山田太郎", 1, 4);
  CHECK(v.empty());
  CheckText(v, "long", std::string(201, 'a'), 1, 200);
  CheckText(v, "empty", "", 1, 200);
  CheckText(v, "bad", "\xC3\x28", 0, 200);
  CheckText(v, "control", "a\x01", 0, 200);
  REQUIRE(v.list().size() == 4);
  CHECK(v.list()[0].field == "long");
  CHECK(v.list()[1].description == "must not be empty");
  CHECK(v.list()[2].description == "is not valid UTF-8");
}

TEST_CASE("order_by accepts allowed fields with a direction") {
  const std::vector<std::string> allowed = {"display_name", "create_time"};
  CHECK(ParseOrderBy("", allowed)->field == "display_name");
  const auto desc = ParseOrderBy("create_time desc", allowed);
  REQUIRE(desc);
  CHECK(desc->descending);
  CHECK_FALSE(ParseOrderBy("ods_code", allowed));
  const auto sideways = ParseOrderBy("display_name sideways", allowed);
  REQUIRE_FALSE(sideways);
  CHECK(sideways.error().violations.at(0).field == "order_by");
}

TEST_CASE("request ids are short printable ASCII") {
  CHECK(ValidateRequestId("4b2e6a1c-1f0b-4c7e-9f0d-2a9b1c3d4e5f"));
  CHECK(ValidateRequestId(""));
  CHECK_FALSE(ValidateRequestId(std::string(101, 'a')));
  CHECK_FALSE(ValidateRequestId("has space"));
}
