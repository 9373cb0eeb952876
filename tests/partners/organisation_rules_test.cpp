#include "server/partners/organisation_rules.h"

#include <catch2/catch.hpp>

using namespace kmhub;
using namespace kmhub::domain;

namespace {
store::OrganisationRecord Valid() {
  store::OrganisationRecord o;
  o.display_name = "  Mill Road Surgery ";
  o.kind = 6;
  o.ods_code = " d81001";
  o.email_domains = {"MillRoad.NHS.uk"};
  o.tags = {"North"};
  return o;
}
}  // namespace

TEST_CASE("an organisation is normalised: trimmed name, upper-case ODS, lower-case domains and tags") {
  auto o = Valid();
  REQUIRE(NormaliseOrganisation(o));
  CHECK(o.display_name == "Mill Road Surgery");
  CHECK(o.ods_code == "D81001");
  CHECK(o.email_domains == std::vector<std::string>{"millroad.nhs.uk"});
  CHECK(o.tags == std::vector<std::string>{"north"});
}

TEST_CASE("every invalid field of an organisation is reported at once") {
  auto o = Valid();
  o.display_name = std::string(201, 'x');
  o.kind = 99;
  o.ods_code = "D8-1";
  o.email_domains = {"not a domain", "millroad.nhs.uk", "MILLROAD.nhs.uk"};
  o.tags = {"ok", "bad_tag"};
  const auto result = NormaliseOrganisation(o);
  REQUIRE_FALSE(result);
  CHECK(result.error().code == ErrorCode::kInvalidArgument);
  CHECK(result.error().reason == "INVALID_ORGANISATION");
  std::vector<std::string> fields;
  for (const auto& v : result.error().violations) fields.push_back(v.field);
  CHECK(fields == std::vector<std::string>{"organisation.display_name", "organisation.kind", "organisation.ods_code",
                                           "organisation.email_domains[0]", "organisation.email_domains[2]",
                                           "organisation.tags[1]"});
}

TEST_CASE("a missing kind is required, an empty ODS code is allowed") {
  auto o = Valid();
  o.kind = 0;
  o.ods_code = "";
  const auto result = NormaliseOrganisation(o);
  REQUIRE_FALSE(result);
  REQUIRE(result.error().violations.size() == 1);
  CHECK(result.error().violations[0].field == "organisation.kind");
}

TEST_CASE("a patch copies only the fields in the mask") {
  auto target = Valid();
  store::OrganisationRecord patch;
  patch.display_name = "Renamed";
  patch.tags = {"south"};
  ApplyOrganisationPatch(target, patch, {"tags"});
  CHECK(target.display_name == "  Mill Road Surgery ");
  CHECK(target.tags == std::vector<std::string>{"south"});
}
