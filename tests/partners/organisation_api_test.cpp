#include "server/partners/organisation_api.h"

#include <catch2/catch.hpp>

#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;
using kmhub::v1::Organisation;

namespace {
kmhub::v1::CreateOrganisationRequest NewOrg(const std::string& name, const std::string& ods,
                                            kmhub::v1::OrganisationKind kind = kmhub::v1::ORGANISATION_KIND_ACUTE_TRUST) {
  kmhub::v1::CreateOrganisationRequest request;
  request.mutable_organisation()->set_display_name(name);
  request.mutable_organisation()->set_kind(kind);
  request.mutable_organisation()->set_ods_code(ods);
  return request;
}
}  // namespace

TEST_CASE("API: create, get, update with a field mask, and delete an organisation") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();

  auto request = NewOrg(" Riverside Hospital ", "rvh");
  request.mutable_organisation()->add_email_domains("RVH.nhs.uk");
  request.mutable_organisation()->add_tags("acute");
  Organisation created;
  REQUIRE(client.CreateOrganisation(request, &created).ok());
  CHECK(created.name().rfind("organisations/", 0) == 0);
  CHECK(created.display_name() == "Riverside Hospital");
  CHECK(created.ods_code() == "RVH");
  CHECK(created.email_domains(0) == "rvh.nhs.uk");
  CHECK(created.etag() == "\"1\"");

  Organisation got;
  REQUIRE(client.GetOrganisation(created.name(), &got).ok());
  CHECK(got.SerializeAsString() == created.SerializeAsString());

  kmhub::v1::UpdateOrganisationRequest update;
  update.mutable_organisation()->set_name(created.name());
  update.mutable_organisation()->set_display_name("Riverside University Hospitals");
  update.mutable_organisation()->set_ods_code("");  // not in the mask: must stay
  update.mutable_organisation()->set_etag(created.etag());
  update.mutable_update_mask()->add_paths("display_name");
  Organisation updated;
  REQUIRE(client.UpdateOrganisation(update, &updated).ok());
  CHECK(updated.display_name() == "Riverside University Hospitals");
  CHECK(updated.ods_code() == "RVH");
  CHECK(updated.etag() == "\"2\"");

  // The same update again carries a stale etag.
  const auto stale = client.UpdateOrganisation(update, &updated);
  CHECK(stale.error_code() == grpc::StatusCode::ABORTED);
  CHECK(DetailsOf(stale).reason == "ETAG_MISMATCH");

  update.mutable_update_mask()->add_paths("create_time");
  update.mutable_organisation()->clear_etag();
  const auto bad_mask = client.UpdateOrganisation(update, &updated);
  CHECK(bad_mask.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(bad_mask).violation_fields == std::vector<std::string>{"update_mask"});

  kmhub::v1::DeleteOrganisationRequest del;
  del.set_name(created.name());
  REQUIRE(client.DeleteOrganisation(del).ok());
  const auto gone = client.GetOrganisation(created.name(), &got);
  CHECK(gone.error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(DetailsOf(gone).reason == "ORGANISATION_NOT_FOUND");
  CHECK(DetailsOf(gone).domain == "kmhub");
}

TEST_CASE("API: invalid organisations get INVALID_ARGUMENT with every field violation") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto request = NewOrg("", "not-ods");
  request.mutable_organisation()->set_kind(static_cast<kmhub::v1::OrganisationKind>(99));
  request.mutable_organisation()->add_email_domains("no spaces.nhs.uk");
  Organisation out;
  const auto status = server.client().CreateOrganisation(request, &out);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  const auto details = DetailsOf(status);
  CHECK(details.reason == "INVALID_ORGANISATION");
  CHECK(details.violation_fields == std::vector<std::string>{"organisation.display_name", "organisation.kind",
                                                             "organisation.ods_code", "organisation.email_domains[0]"});
  CHECK(status.error_message().find("ODS code") != std::string::npos);

  auto too_long = NewOrg(std::string(201, 'n'), "");
  CHECK(DetailsOf(server.client().CreateOrganisation(too_long, &out)).violation_fields ==
        std::vector<std::string>{"organisation.display_name"});
  CHECK(server.database().CountRows("organisations") == 0);
}

TEST_CASE("API: a duplicate ODS code is ALREADY_EXISTS, a retried request id is not") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto request = NewOrg("Riverside Hospital", "RVH");
  request.set_request_id("b1946ac9-2f8e-4c7e-9a8d-7c3e0b6f5a21");
  Organisation first, retried, other;
  REQUIRE(server.client().CreateOrganisation(request, &first).ok());
  REQUIRE(server.client().CreateOrganisation(request, &retried).ok());
  CHECK(retried.name() == first.name());

  const auto dup = server.client().CreateOrganisation(NewOrg("Another", "rvh"), &other);
  CHECK(dup.error_code() == grpc::StatusCode::ALREADY_EXISTS);
  CHECK(DetailsOf(dup).reason == "DUPLICATE_ODS_CODE");
  CHECK(server.database().CountRows("organisations") == 1);
}

TEST_CASE("API: listing pages with opaque tokens, filters and order, bad paging is refused") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  Organisation out;
  for (int i = 0; i < 5; ++i) {
    auto r = NewOrg("Practice " + std::to_string(i), "D8100" + std::to_string(i), kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
    r.mutable_organisation()->add_tags(i % 2 ? "north" : "south");
    REQUIRE(client.CreateOrganisation(r, &out).ok());
  }
  REQUIRE(client.CreateOrganisation(NewOrg("Hospital", "RVH"), &out).ok());

  kmhub::v1::ListOrganisationsRequest list;
  list.set_kind(kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  list.set_page_size(2);
  list.set_order_by("display_name desc");
  std::vector<std::string> seen;
  int pages = 0;
  do {
    kmhub::v1::ListOrganisationsResponse page;
    REQUIRE(client.ListOrganisations(list, &page).ok());
    ++pages;
    for (const auto& o : page.organisations()) seen.push_back(o.display_name());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  CHECK(pages == 3);
  CHECK(seen == std::vector<std::string>{"Practice 4", "Practice 3", "Practice 2", "Practice 1", "Practice 0"});

  kmhub::v1::ListOrganisationsRequest by_tag;
  by_tag.set_tag("north");
  kmhub::v1::ListOrganisationsResponse tagged;
  REQUIRE(client.ListOrganisations(by_tag, &tagged).ok());
  CHECK(tagged.organisations_size() == 2);

  kmhub::v1::ListOrganisationsRequest bad;
  kmhub::v1::ListOrganisationsResponse ignored;
  bad.set_page_size(-1);
  auto status = client.ListOrganisations(bad, &ignored);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"page_size"});

  bad.set_page_size(0);
  bad.set_page_token("this-is-not-a-token");
  status = client.ListOrganisations(bad, &ignored);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "INVALID_PAGE_TOKEN");

  // A token from one query does not continue another.
  list.set_page_token("");
  kmhub::v1::ListOrganisationsResponse page;
  REQUIRE(client.ListOrganisations(list, &page).ok());
  bad.set_page_token(page.next_page_token());
  status = client.ListOrganisations(bad, &ignored);
  CHECK(DetailsOf(status).reason == "INVALID_PAGE_TOKEN");

  bad.set_page_token("");
  bad.set_order_by("favourite_colour");
  CHECK(DetailsOf(client.ListOrganisations(bad, &ignored)).violation_fields == std::vector<std::string>{"order_by"});
  bad.set_order_by("");
  bad.set_kind(static_cast<kmhub::v1::OrganisationKind>(42));
  CHECK(DetailsOf(client.ListOrganisations(bad, &ignored)).violation_fields == std::vector<std::string>{"kind"});
}

TEST_CASE("API: malformed and unknown names are INVALID_ARGUMENT and NOT_FOUND") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  Organisation out;
  auto status = server.client().GetOrganisation("organisations/abc", &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "MALFORMED_RESOURCE_NAME");
  status = server.client().GetOrganisation("organisations/424242", &out);
  CHECK(status.error_code() == grpc::StatusCode::NOT_FOUND);
  kmhub::v1::DeleteOrganisationRequest del;
  del.set_name("organisations/424242");
  CHECK(server.client().DeleteOrganisation(del).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: deleting an organisation that has contacts needs force") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  Organisation org;
  REQUIRE(server.client().CreateOrganisation(NewOrg("Mill Road Surgery", "D81001"), &org).ok());
  kmhub::v1::CreateContactRequest contact;
  contact.set_parent(org.name());
  contact.mutable_contact()->set_display_name("Dr Elizabeth Carter");
  kmhub::v1::Contact c;
  REQUIRE(server.client().CreateContact(contact, &c).ok());

  kmhub::v1::DeleteOrganisationRequest del;
  del.set_name(org.name());
  const auto refused = server.client().DeleteOrganisation(del);
  CHECK(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(DetailsOf(refused).reason == "ORGANISATION_IN_USE");
  CHECK(refused.error_message().find("1 contact") != std::string::npos);
  del.set_force(true);
  REQUIRE(server.client().DeleteOrganisation(del).ok());
  CHECK(server.database().CountRows("contacts") == 0);
}
