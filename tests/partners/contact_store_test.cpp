#include "server/partners/contact_store.h"

#include <catch2/catch.hpp>

#include "server/partners/organisation_store.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;
using store::ContactRecord;

namespace {
std::int64_t MakeOrganisation(std::shared_ptr<store::Database> db, const std::string& name) {
  store::OrganisationStore orgs(std::move(db));
  store::OrganisationRecord o;
  o.display_name = name;
  o.kind = 6;
  return orgs.Create(o, "")->id;
}

ContactRecord Person(std::int64_t org, const std::string& given, const std::string& family, int role,
                     const std::string& email, const std::string& uid = "") {
  ContactRecord c;
  c.organisation_id = org;
  c.given_name = given;
  c.family_name = family;
  c.display_name = given + " " + family;
  c.clinical_role = role;
  c.emails = {email};
  c.vcard_uid = uid;
  return c;
}
}  // namespace

TEST_CASE("a contact under a missing organisation is NOT_FOUND") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ContactStore s(t.db());
  const auto created = s.Create(Person(999, "Jane", "Smith", 1, "jane@nhs.net"), "");
  REQUIRE_FALSE(created);
  CHECK(created.error().code == ErrorCode::kNotFound);
  CHECK(created.error().reason == "ORGANISATION_NOT_FOUND");
}

TEST_CASE("contacts list per organisation or across the address book, by role and family name") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ContactStore s(t.db());
  const auto a = MakeOrganisation(t.db(), "A");
  const auto b = MakeOrganisation(t.db(), "B");
  REQUIRE(s.Create(Person(a, "Zoe", "Adams", 1, "zoe@a.nhs.uk"), ""));
  REQUIRE(s.Create(Person(a, "Adam", "Young", 2, "adam@a.nhs.uk"), ""));
  REQUIRE(s.Create(Person(b, "Mary", "Brown", 1, "mary@b.nhs.uk"), ""));

  store::ContactQuery q;
  q.organisation_id = a;
  auto page = s.List(q);
  REQUIRE(page);
  REQUIRE(page->items.size() == 2);
  CHECK(page->items[0].display_name == "Adam Young");

  q.order = store::ContactOrder::kFamilyName;
  CHECK(s.List(q)->items[0].family_name == "Adams");

  q = {};
  q.clinical_role = 1;
  CHECK(s.List(q)->items.size() == 2);  // both GPs, both organisations

  q = {};
  q.organisation_id = 12345;
  CHECK(s.List(q).error().code == ErrorCode::kNotFound);
}

TEST_CASE("an import matches by UID, else first e-mail, so re-importing creates nothing twice") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ContactStore s(t.db());
  const auto org = MakeOrganisation(t.db(), "A");
  const std::vector<ContactRecord> cards = {Person(0, "Jane", "Smith", 1, "jane@a.nhs.uk", "uid-1"),
                                            Person(0, "Tom", "Jones", 6, "Tom.Jones@a.nhs.uk")};
  const auto first = s.Import(org, cards, false);
  REQUIRE(first);
  CHECK(first->created == 2);
  CHECK(first->updated == 0);

  auto changed = cards;
  changed[0].job_title = "GP Partner";
  changed[1].emails = {"tom.jones@a.nhs.uk"};  // same address, other case
  const auto second = s.Import(org, changed, false);
  REQUIRE(second);
  CHECK(second->created == 0);
  CHECK(second->updated == 2);
  CHECK(t.CountRows("contacts") == 2);
  CHECK(second->contacts[0].job_title == "GP Partner");
  CHECK(second->contacts[0].revision == 2);
}

TEST_CASE("a dry-run import reports what it would do and writes nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ContactStore s(t.db());
  const auto org = MakeOrganisation(t.db(), "A");
  const auto dry = s.Import(org, {Person(0, "Jane", "Smith", 1, "jane@a.nhs.uk")}, true);
  REQUIRE(dry);
  CHECK(dry->created == 1);
  CHECK(t.CountRows("contacts") == 0);
}

TEST_CASE("a contact update with a stale revision is ABORTED, delete checks the etag") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ContactStore s(t.db());
  const auto org = MakeOrganisation(t.db(), "A");
  auto c = *s.Create(Person(org, "Jane", "Smith", 1, "jane@a.nhs.uk"), "");
  c.job_title = "Partner";
  REQUIRE(s.Update(c, 1));
  CHECK(s.Update(c, 1).error().code == ErrorCode::kAborted);
  CHECK(s.Delete(org, c.id, 1).error().code == ErrorCode::kAborted);
  REQUIRE(s.Delete(org, c.id, 2));
  CHECK(s.Get(org, c.id).error().code == ErrorCode::kNotFound);
}
