#include "server/partners/organisation_store.h"

#include <catch2/catch.hpp>

#include "server/partners/contact_store.h"
#include "server/partners/relationship_store.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;
using store::OrganisationRecord;

namespace {
OrganisationRecord Org(const std::string& name, int kind, const std::string& ods, std::vector<std::string> tags = {}) {
  OrganisationRecord o;
  o.display_name = name;
  o.kind = kind;
  o.ods_code = ods;
  o.tags = std::move(tags);
  o.email_domains = {"example.nhs.uk"};
  return o;
}

std::vector<std::string> Names(const std::vector<OrganisationRecord>& items) {
  std::vector<std::string> out;
  for (const auto& o : items) out.push_back(o.display_name);
  return out;
}

// Follows every page of a listing.
std::vector<std::string> AllPages(store::OrganisationStore& s, store::OrganisationQuery q, int page_size, int* pages) {
  std::vector<std::string> out;
  q.position.page_size = page_size;
  *pages = 0;
  while (true) {
    auto page = s.List(q);
    REQUIRE(page);
    ++*pages;
    for (const auto& n : Names(page->items)) out.push_back(n);
    if (!page->has_more) break;
    q.position.last_id = page->last_id;
    q.position.last_sort_value = page->last_sort_value;
  }
  return out;
}
}  // namespace

TEST_CASE("an organisation is stored and read back with every field") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::OrganisationStore s(t.db());
  auto o = Org("Mill Road Surgery", 6, "D81001", {"north", "pbc"});
  o.email_domains = {"millroad.nhs.uk", "nhs.net"};
  const auto created = s.Create(o, "");
  REQUIRE(created);
  CHECK(created->id > 0);
  CHECK(created->revision == 1);
  CHECK(created->create_micros > 0);
  const auto got = s.Get(created->id);
  REQUIRE(got);
  CHECK(got->display_name == "Mill Road Surgery");
  CHECK(got->kind == 6);
  CHECK(got->ods_code == "D81001");
  CHECK(got->email_domains == std::vector<std::string>{"millroad.nhs.uk", "nhs.net"});
  CHECK(got->tags == std::vector<std::string>{"north", "pbc"});
  CHECK(got->create_micros == created->create_micros);
}

TEST_CASE("a duplicate ODS code is ALREADY_EXISTS, empty ODS codes may repeat") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::OrganisationStore s(t.db());
  REQUIRE(s.Create(Org("A", 3, "RGT"), ""));
  const auto dup = s.Create(Org("B", 3, "RGT"), "");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == ErrorCode::kAlreadyExists);
  CHECK(dup.error().reason == "DUPLICATE_ODS_CODE");
  REQUIRE(s.Create(Org("C", 9, ""), ""));
  REQUIRE(s.Create(Org("D", 9, ""), ""));
  CHECK(t.CountRows("organisations") == 3);
}

TEST_CASE("a retried create with the same request id returns the first organisation") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::OrganisationStore s(t.db());
  const auto first = s.Create(Org("A", 3, "RGT"), "req-1");
  const auto again = s.Create(Org("A", 3, "RGT"), "req-1");
  REQUIRE(first);
  REQUIRE(again);
  CHECK(again->id == first->id);
  CHECK(t.CountRows("organisations") == 1);
}

TEST_CASE("listing pages through every organisation once, in order, both directions") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::OrganisationStore s(t.db());
  // Same-named organisations tie on the sort key and are ordered by id.
  for (const auto& name : {"delta", "Alpha", "charlie", "Bravo", "echo", "alpha", "Foxtrot"})
    REQUIRE(s.Create(Org(name, 3, ""), ""));
  int pages = 0;
  store::OrganisationQuery q;
  CHECK(AllPages(s, q, 3, &pages) ==
        std::vector<std::string>{"Alpha", "alpha", "Bravo", "charlie", "delta", "echo", "Foxtrot"});
  CHECK(pages == 3);
  q.descending = true;
  CHECK(AllPages(s, q, 2, &pages) ==
        std::vector<std::string>{"Foxtrot", "echo", "delta", "charlie", "Bravo", "alpha", "Alpha"});
  CHECK(pages == 4);
  q.descending = false;
  q.order = store::OrganisationOrder::kCreateTime;
  CHECK(AllPages(s, q, 4, &pages) ==
        std::vector<std::string>{"delta", "Alpha", "charlie", "Bravo", "echo", "alpha", "Foxtrot"});
}

TEST_CASE("listing filters by kind, tag and case-insensitive name prefix") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::OrganisationStore s(t.db());
  REQUIRE(s.Create(Org("Mill Road Surgery", 6, "D81001", {"north"}), ""));
  REQUIRE(s.Create(Org("Castle Street", 6, "D81002", {"north", "teaching"}), ""));
  REQUIRE(s.Create(Org("Fenview Practice", 6, "D81003", {"south"}), ""));
  REQUIRE(s.Create(Org("Riverside Hospital", 3, "RVH", {"north-east"}), ""));
  store::OrganisationQuery q;
  q.kind = 6;
  CHECK(Names(s.List(q)->items).size() == 3);
  q = {};
  q.tag = "north";  // not "north-east"
  CHECK(Names(s.List(q)->items) == std::vector<std::string>{"Castle Street", "Mill Road Surgery"});
  q = {};
  q.name_prefix = "MILL r";
  CHECK(Names(s.List(q)->items) == std::vector<std::string>{"Mill Road Surgery"});
  q = {};
  q.name_prefix = "%";  // no wildcard meaning
  CHECK(s.List(q)->items.empty());
}

TEST_CASE("an update with a stale revision is ABORTED and changes nothing") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::OrganisationStore s(t.db());
  auto created = *s.Create(Org("A", 3, "RGT"), "");
  created.display_name = "B";
  const auto updated = s.Update(created, 1);
  REQUIRE(updated);
  CHECK(updated->revision == 2);
  CHECK(updated->display_name == "B");
  created.display_name = "C";
  const auto stale = s.Update(created, 1);
  REQUIRE_FALSE(stale);
  CHECK(stale.error().code == ErrorCode::kAborted);
  CHECK(s.Get(created.id)->display_name == "B");
}

TEST_CASE("deleting an organisation with contacts needs force, which removes them too") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::OrganisationStore orgs(t.db());
  store::ContactStore contacts(t.db());
  store::RelationshipStore relationships(t.db());
  const auto a = *orgs.Create(Org("A", 3, "RGT"), "");
  const auto b = *orgs.Create(Org("B", 2, "RVC01"), "");
  store::ContactRecord c;
  c.organisation_id = a.id;
  c.display_name = "Jane Smith";
  REQUIRE(contacts.Create(c, ""));
  store::RelationshipRecord r;
  r.organisation_id = b.id;
  r.related_organisation_id = a.id;
  r.type = 1;
  r.start_date = "2008-04-01";
  REQUIRE(relationships.Create(r, ""));

  const auto refused = orgs.Delete(a.id, {});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::kFailedPrecondition);
  CHECK(refused.error().reason == "ORGANISATION_IN_USE");
  CHECK(t.CountRows("contacts") == 1);

  REQUIRE(orgs.Delete(a.id, {true, 0}));
  CHECK(t.CountRows("contacts") == 0);
  CHECK(t.CountRows("relationships") == 0);
  CHECK(orgs.Get(a.id).error().code == ErrorCode::kNotFound);
  CHECK(orgs.Get(b.id));
  CHECK(orgs.Delete(a.id, {}).error().code == ErrorCode::kNotFound);
}

TEST_CASE("a pooled connection that served a cached read still sees later commits from other connections") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend, 1);  // one connection: every read below reuses it
  store::OrganisationStore reader(t.db());
  const auto a = *reader.Create(Org("Alpha", 3, "RGT"), "");
  REQUIRE(reader.Get(a.id));  // leaves the cached statement behind
  store::OrganisationQuery q;
  REQUIRE(reader.List(q)->items.size() == 1);

  // Another server process (here: another pool on the same database) writes.
  store::DatabaseOptions options;
  options.url = t.url();
  options.pool_size = 1;
  auto other = store::Database::Open(options);
  REQUIRE(other);
  store::OrganisationStore writer(*other);
  auto renamed = *writer.Get(a.id);
  renamed.display_name = "Alpha renamed";
  REQUIRE(writer.Update(renamed, renamed.revision));
  REQUIRE(writer.Create(Org("Bravo", 3, "RVH"), ""));

  CHECK(reader.Get(a.id)->display_name == "Alpha renamed");
  CHECK(reader.List(q)->items.size() == 2);
}
