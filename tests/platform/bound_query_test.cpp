#include "server/platform/db/bound_query.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

struct Row {
  long long number = -1;
  int small = -1;
  double real = -1;
  std::string text = "unset";
  std::string nullable = "kept";
  soci::indicator nullable_ind = soci::i_ok;
  template <typename St>
  void Exchange(St& st) {
    store::Col(st, number);
    store::Col(st, small);
    store::Col(st, real);
    store::Col(st, text);
    store::Col(st, nullable, nullable_ind);
  }
};

// Runs the same query text twice with different values, as a cached statement is reused.
std::vector<Row> Read(store::Database& db, long long number, const std::string& text) {
  auto rows = store::WithSession(db, "reading a test row", [&](soci::session& s) -> Expected<std::vector<Row>> {
    store::BoundQuery q;
    q.Sql("SELECT " + q.Int(number) + " + 1, 7, 2.5, " + q.Text(text) + ", NULL");
    std::vector<Row> out;
    store::RunCached<Row>(s, q, [](Row& r, auto& st) { r.Exchange(st); }, [&](const Row& r) { out.push_back(r); });
    return out;
  });
  REQUIRE(rows);
  return *rows;
}

}  // namespace

TEST_CASE("a row reads the same from both databases, NULL told apart by its indicator") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  for (const auto& [number, text] : std::vector<std::pair<long long, std::string>>{{41, "café"}, {9, "São Paulo"}}) {
    const auto rows = Read(*t.db(), number, text);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].number == number + 1);
    CHECK(rows[0].small == 7);
    CHECK(rows[0].real == 2.5);
    CHECK(rows[0].text == text);
    CHECK(rows[0].nullable_ind == soci::i_null);
    CHECK(rows[0].nullable == "kept");  // a NULL leaves the value alone, as SOCI does
  }
}
