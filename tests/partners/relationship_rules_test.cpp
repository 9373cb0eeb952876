#include "server/partners/relationship_rules.h"

#include <catch2/catch.hpp>

using namespace kmhub;
using namespace kmhub::domain;

TEST_CASE("a relationship needs two different organisations, a type and ordered dates") {
  store::RelationshipRecord r;
  r.organisation_id = 1;
  r.related_organisation_id = 2;
  r.type = 1;
  r.start_date = "2008-04-01";
  r.end_date = "2011-03-31";
  CHECK(ValidateRelationship(r));
  r.end_date = "";
  CHECK(ValidateRelationship(r));  // open-ended

  r.related_organisation_id = 1;
  r.type = 9;
  r.start_date = "2008-4-1";
  auto bad = ValidateRelationship(r);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().violations.size() == 3);

  r.related_organisation_id = 2;
  r.type = 1;
  r.start_date = "2011-04-01";
  r.end_date = "2011-03-31";
  bad = ValidateRelationship(r);
  REQUIRE_FALSE(bad);
  REQUIRE(bad.error().violations.size() == 1);
  CHECK(bad.error().violations[0].field == "relationship.end_date");
}
