#include "server/partners/relationship_api.h"

#include <catch2/catch.hpp>

#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;

TEST_CASE("API: relationships are typed, dated, and listed by the date they are active on") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  std::vector<std::string> orgs;
  for (const auto* name : {"Riverside PCT", "Riverside County Council"}) {
    kmhub::v1::CreateOrganisationRequest r;
    r.mutable_organisation()->set_display_name(name);
    r.mutable_organisation()->set_kind(kmhub::v1::ORGANISATION_KIND_COMMISSIONER);
    kmhub::v1::Organisation out;
    REQUIRE(client.CreateOrganisation(r, &out).ok());
    orgs.push_back(out.name());
  }
  kmhub::v1::CreateRelationshipRequest create;
  auto* rel = create.mutable_relationship();
  rel->set_organisation(orgs[1]);
  rel->set_related_organisation(orgs[0]);
  rel->set_type(kmhub::v1::RELATIONSHIP_TYPE_LAA_PARTNER);
  rel->set_start_date("2008-04-01");
  rel->set_end_date("2011-03-31");
  kmhub::v1::Relationship created;
  REQUIRE(client.CreateRelationship(create, &created).ok());
  CHECK(created.organisation() == orgs[1]);

  kmhub::v1::ListRelationshipsRequest list;
  list.set_active_on("2011-03-31");
  kmhub::v1::ListRelationshipsResponse response;
  REQUIRE(client.ListRelationships(list, &response).ok());
  CHECK(response.relationships_size() == 1);
  list.set_active_on("2011-04-01");
  REQUIRE(client.ListRelationships(list, &response).ok());
  CHECK(response.relationships_size() == 0);
  list.set_active_on("31/03/2011");
  CHECK(DetailsOf(client.ListRelationships(list, &response)).violation_fields == std::vector<std::string>{"active_on"});

  // Open-ending it with a field mask.
  kmhub::v1::UpdateRelationshipRequest update;
  update.mutable_relationship()->set_name(created.name());
  update.mutable_update_mask()->add_paths("end_date");
  kmhub::v1::Relationship updated;
  REQUIRE(client.UpdateRelationship(update, &updated).ok());
  CHECK(updated.end_date().empty());
  CHECK(updated.start_date() == "2008-04-01");

  rel->set_related_organisation(orgs[1]);  // to itself
  rel->set_start_date("2012-01-01");
  const auto self = client.CreateRelationship(create, &created);
  CHECK(self.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(self).violation_fields ==
        std::vector<std::string>{"relationship.related_organisation", "relationship.end_date"});
  rel->set_related_organisation("organisations/999999");
  rel->set_end_date("");
  CHECK(client.CreateRelationship(create, &created).error_code() == grpc::StatusCode::NOT_FOUND);
}
