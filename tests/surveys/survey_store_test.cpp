#include "server/surveys/survey_store.h"

#include <catch2/catch.hpp>

#include <map>
#include <tuple>

#include "server/partners/organisation_store.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

using Counts = std::map<std::tuple<std::int64_t, int, int>, long long>;  // (question, kind, score) → answers

std::int64_t NewOrganisation(TestDatabase& t, const std::string& name, int kind) {
  store::OrganisationStore orgs(t.db());
  store::OrganisationRecord o;
  o.kind = kind;
  o.display_name = name;
  return orgs.Create(o, "")->id;
}

// What the tallies must say for these responses (the last of each respondent wins).
Counts ExpectedCounts(const std::vector<std::vector<store::SurveyResponseRecord>>& imports,
                      const std::map<std::int64_t, int>& kinds) {
  std::map<std::string, store::SurveyResponseRecord> current;
  for (const auto& responses : imports)
    for (const auto& r : responses) current[r.respondent_id] = r;
  Counts out;
  for (const auto& [id, r] : current)
    for (const auto& a : r.answers)
      ++out[{a.question_id, r.organisation_id ? kinds.at(*r.organisation_id) : 0, a.score.value_or(-1)}];
  return out;
}

Counts Stored(store::SurveyStore& surveys, std::int64_t wave) {
  auto tallies = surveys.Tallies({wave});
  REQUIRE(tallies);
  Counts out;
  for (const auto& t : *tallies) out[{t.question_id, t.organisation_kind, t.score}] = t.answers;
  return out;
}

}  // namespace

TEST_CASE("surveys: tallies follow imports, overlapping imports, undo and dry runs exactly") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  store::SurveyStore surveys(t.db());
  auto pbc = surveys.Get("pbc");
  REQUIRE(pbc);
  const auto q1 = pbc->questions[0].id, q2 = pbc->questions[1].id, q5 = pbc->questions[4].id;
  const auto practice = NewOrganisation(t, "Mill Road Surgery", 6), trust = NewOrganisation(t, "Riverside Trust", 3);
  const std::map<std::int64_t, int> kinds = {{practice, 6}, {trust, 3}};
  auto wave = surveys.CreateWave(pbc->id, {0, "2010-Q1", "2010-01-01", "2010-03-31", 0});
  REQUIRE(wave);

  const std::vector<store::SurveyResponseRecord> first = {
      {"R1", practice, "2010-02-01T10:00:00", {{q1, 1, ""}, {q2, 2, ""}, {q5, std::nullopt, "Late data"}}},
      {"R2", trust, "2010-02-02T10:00:00", {{q1, 0, ""}, {q2, 4, ""}}},
      {"R3", std::nullopt, "", {{q1, 1, ""}}},
  };
  // R2 changes its answers and organisation, R4 is new.
  const std::vector<store::SurveyResponseRecord> second = {
      {"R2", practice, "2010-02-05T10:00:00", {{q1, 1, ""}, {q2, 5, ""}, {q5, std::nullopt, "Better"}}},
      {"R4", trust, "2010-02-06T10:00:00", {{q2, 1, ""}}},
  };
  auto a = surveys.Import(wave->id, {}, first, false);
  REQUIRE(a);
  CHECK(Stored(surveys, wave->id) == ExpectedCounts({first}, kinds));
  auto b = surveys.Import(wave->id, {}, second, false);
  REQUIRE(b);
  CHECK(b->rows_replaced == 1);
  CHECK(Stored(surveys, wave->id) == ExpectedCounts({first, second}, kinds));

  // A dry run of anything leaves the tallies as they were.
  auto dry = surveys.Import(wave->id, {}, first, true);
  REQUIRE(dry);
  CHECK(dry->rows_replaced == 3);
  CHECK(Stored(surveys, wave->id) == ExpectedCounts({first, second}, kinds));
  CHECK(t.CountRows("survey_imports") == 2);

  REQUIRE(surveys.UndoImport(b->id));
  CHECK(Stored(surveys, wave->id) == ExpectedCounts({first}, kinds));
  // The same file again: everything replaced, nothing added.
  auto again = surveys.Import(wave->id, {}, first, false);
  REQUIRE(again);
  CHECK(again->rows_replaced == 3);
  CHECK(Stored(surveys, wave->id) == ExpectedCounts({first}, kinds));
  CHECK(t.CountRows("survey_responses") == 3);
}
