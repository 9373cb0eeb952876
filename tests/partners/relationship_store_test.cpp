#include "server/partners/relationship_store.h"

#include <catch2/catch.hpp>

#include "server/partners/organisation_store.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {
std::vector<std::int64_t> Ids(const store::Page<store::RelationshipRecord>& page) {
  std::vector<std::int64_t> out;
  for (const auto& r : page.items) out.push_back(r.id);
  return out;
}
}  // namespace

TEST_CASE("relationships active on a date include both end dates and open-ended ones") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::OrganisationStore orgs(t.db());
  store::RelationshipStore s(t.db());
  store::OrganisationRecord o;
  o.kind = 3;
  o.display_name = "A";
  const auto a = orgs.Create(o, "")->id;
  o.display_name = "B";
  const auto b = orgs.Create(o, "")->id;
  o.display_name = "C";
  const auto c = orgs.Create(o, "")->id;

  auto make = [&](std::int64_t from, std::int64_t to, int type, const std::string& start, const std::string& end) {
    store::RelationshipRecord r;
    r.organisation_id = from;
    r.related_organisation_id = to;
    r.type = type;
    r.start_date = start;
    r.end_date = end;
    return s.Create(r, "")->id;
  };
  const auto contract = make(a, b, 2, "2008-04-01", "2011-03-31");
  const auto open = make(c, a, 1, "2009-04-01", "");
  const auto later = make(b, c, 3, "2011-04-01", "");

  store::RelationshipQuery q;
  q.active_on = "2008-04-01";
  CHECK(Ids(*s.List(q)) == std::vector<std::int64_t>{contract});
  q.active_on = "2011-03-31";
  CHECK(Ids(*s.List(q)) == std::vector<std::int64_t>{contract, open});
  q.active_on = "2011-04-01";
  CHECK(Ids(*s.List(q)) == std::vector<std::int64_t>{open, later});
  q.active_on = "2007-01-01";
  CHECK(s.List(q)->items.empty());

  q = {};
  q.organisation_id = a;  // either side
  CHECK(Ids(*s.List(q)) == std::vector<std::int64_t>{contract, open});
  q.type = 1;
  CHECK(Ids(*s.List(q)) == std::vector<std::int64_t>{open});

  q = {};
  q.position.page_size = 2;
  const auto first = s.List(q);
  REQUIRE(first->has_more);
  q.position.last_id = first->last_id;
  q.position.last_sort_value = first->last_sort_value;
  CHECK(Ids(*s.List(q)) == std::vector<std::int64_t>{later});
}

TEST_CASE("a relationship to a missing organisation is NOT_FOUND naming the side") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::OrganisationStore orgs(t.db());
  store::RelationshipStore s(t.db());
  store::OrganisationRecord o;
  o.kind = 3;
  o.display_name = "A";
  const auto a = orgs.Create(o, "")->id;
  store::RelationshipRecord r;
  r.organisation_id = a;
  r.related_organisation_id = a + 100;
  r.type = 1;
  r.start_date = "2008-04-01";
  const auto created = s.Create(r, "");
  REQUIRE_FALSE(created);
  CHECK(created.error().code == ErrorCode::kNotFound);
  CHECK(created.error().message.rfind("related_organisation:", 0) == 0);
}
