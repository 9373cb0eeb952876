#include "server/activity/activity_store.h"

#include <catch2/catch.hpp>

#include "server/partners/organisation_store.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

std::int64_t NewOrganisation(TestDatabase& t, const std::string& name) {
  store::OrganisationStore orgs(t.db());
  store::OrganisationRecord o;
  o.kind = 6;
  o.display_name = name;
  return orgs.Create(o, "")->id;
}

void Catalogue(store::ActivityStore& activity) {
  REQUIRE(activity.UpsertProcedures({
      {"W371", 1, "Primary total hip replacement", {{2009, 525000}, {2010, 540000}}},
      {"S062", 1, "Excision of skin lesion", {{2009, 11000}}},
  }));
}

}  // namespace

TEST_CASE("activity: the catalogue keeps tariffs per financial year, and re-importing replaces them") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ActivityStore activity(t.db());
  Catalogue(activity);
  REQUIRE(activity.UpsertProcedures({{"W371", 1, "Primary total prosthetic replacement of hip joint", {{2010, 545000}}}}));
  const auto all = activity.Procedures({});
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK(all->at(0).code == "S062");
  CHECK(all->at(1).description == "Primary total prosthetic replacement of hip joint");
  CHECK(all->at(1).tariff_pence == std::map<int, std::int64_t>{{2009, 525000}, {2010, 545000}});
  const auto one = activity.Procedures({"S062"});
  REQUIRE(one);
  CHECK(one->size() == 1);
}

TEST_CASE("activity: sums per month in SQL over the scope, and a re-import replaces instead of adding") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::ActivityStore activity(t.db());
  Catalogue(activity);
  const auto mill = NewOrganisation(t, "Mill Road Surgery");
  const auto castle = NewOrganisation(t, "Castle Street Medical Centre");
  const auto other = NewOrganisation(t, "Fenview Practice");
  const std::vector<store::ActivityRecord> rows = {
      {mill, "W371", Month(2009, 4), 3, 1575000},   {castle, "W371", Month(2009, 4), 2, 1050000},
      {mill, "S062", Month(2009, 4), 10, 110000},   {mill, "W371", Month(2009, 5), 1, 525000},
      {other, "W371", Month(2009, 4), 50, 99999999},  // outside the scope
  };
  auto replaced = activity.ReplaceActivity(rows, false);
  REQUIRE(replaced);
  CHECK(replaced->replaced == 0);
  CHECK(t.CountRows("activity") == 5);

  const store::ActivityScope scope{{mill, castle}, {"W371"}};
  auto totals = activity.MonthlyTotals(scope, Month(2009, 1), Month(2009, 12));
  REQUIRE(totals);
  REQUIRE(totals->size() == 2);
  CHECK(totals->at(0).month == Month(2009, 4));
  CHECK(totals->at(0).procedures == 5);            // 3 + 2
  CHECK(totals->at(0).cost_pence == 2625000);      // £15,750 + £10,500
  CHECK(totals->at(1).procedures == 1);
  CHECK(*activity.LatestMonth(scope) == Month(2009, 5));

  // The same file again: nothing is added; a corrected figure replaces the old one.
  auto again = rows;
  again[0].procedures = 4;
  replaced = activity.ReplaceActivity(again, false);
  REQUIRE(replaced);
  CHECK(replaced->replaced == 5);
  CHECK(t.CountRows("activity") == 5);
  totals = activity.MonthlyTotals(scope, Month(2009, 4), Month(2009, 4));
  CHECK(totals->at(0).procedures == 6);

  // A dry run writes nothing; a row naming an unknown procedure fails the whole import.
  std::vector<store::ActivityRecord> more = {{mill, "W371", Month(2009, 6), 9, 1}};
  REQUIRE(activity.ReplaceActivity(more, true));
  CHECK(t.CountRows("activity") == 5);
  more.push_back({mill, "Z999", Month(2009, 6), 1, 1});
  const auto refused = activity.ReplaceActivity(more, false);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::kFailedPrecondition);
  CHECK(t.CountRows("activity") == 5);

  const store::ActivityScope nothing{{}, {"W371"}};
  CHECK(activity.MonthlyTotals(nothing, Month(2009, 1), Month(2009, 12))->empty());
  CHECK_FALSE(activity.LatestMonth(nothing)->has_value());
}
