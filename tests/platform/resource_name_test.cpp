#include "shared/resource_name.h"

#include <catch2/catch.hpp>

using namespace kmhub;

TEST_CASE("resource names parse back to their ids") {
  CHECK(*ParseOrganisationName("organisations/42") == 42);
  const auto key = ParseContactName("organisations/3/contacts/17");
  REQUIRE(key);
  CHECK(key->organisation_id == 3);
  CHECK(key->contact_id == 17);
  CHECK(*ParseRelationshipName(RelationshipName(9)) == 9);
  CHECK(*ParseOrganisationParent("organisations/-") == 0);
}

TEST_CASE("malformed resource names name the field that held them") {
  for (const char* bad : {"", "organisations/", "organisations/0", "organisations/-1", "organisations/007",
                          "organisations/12x", "organization/1", "organisations/1/contacts/2",
                          "organisations/99999999999999999999"}) {
    const auto parsed = ParseOrganisationName(bad, "parent");
    INFO(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == ErrorCode::kInvalidArgument);
    CHECK(parsed.error().violations.at(0).field == "parent");
  }
  CHECK_FALSE(ParseContactName("organisations/1/contact/2"));
  CHECK_FALSE(ParseContactName("organisations/1"));
}
