#include "server/platform/search/search_rank.h"

#include <cmath>
#include <memory>
#include <vector>

#include "server/platform/search/fts5_api.h"

namespace kmhub::store {

// SOCI's SQLite header declares the C API inside this namespace.
using namespace sqlite_api;

namespace {

constexpr double kK1 = 1.2;  // as FTS5's bm25()

// Each phrase's inverse document frequency, worked out once per query (FTS5 keeps it with the
// query as "auxiliary data").
struct QueryWeights {
  std::vector<double> idf;
};

int CountRow(const Fts5ExtensionApi*, Fts5Context*, void* count) {
  ++*static_cast<sqlite3_int64*>(count);
  return SQLITE_OK;
}

QueryWeights* WeightsOf(const Fts5ExtensionApi* api, Fts5Context* fts, int* rc) {
  if (auto* known = static_cast<QueryWeights*>(api->xGetAuxdata(fts, 0))) return known;
  auto weights = std::make_unique<QueryWeights>();
  const int phrases = api->xPhraseCount(fts);
  // With one word or phrase, its rarity scales every post's score alike and changes no order; it
  // costs a walk through every post that has it (20,000 of them, ~10 ms, for a common word).
  if (phrases == 1) weights->idf.push_back(1.0);
  sqlite3_int64 rows = 0;
  if (phrases > 1) *rc = api->xRowCount(fts, &rows);
  for (int p = 0; phrases > 1 && p < phrases && *rc == SQLITE_OK; ++p) {
    sqlite3_int64 hits = 0;
    *rc = api->xQueryPhrase(fts, p, &hits, CountRow);
    // The same formula and floor as FTS5's bm25(), so that a word in most posts still counts a little.
    double idf = std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
    weights->idf.push_back(idf <= 0.0 ? 1e-6 : idf);
  }
  if (*rc != SQLITE_OK) return nullptr;
  QueryWeights* kept = weights.get();
  *rc = api->xSetAuxdata(fts, weights.release(), [](void* w) { delete static_cast<QueryWeights*>(w); });
  return *rc == SQLITE_OK ? kept : nullptr;
}

void Rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int argc, sqlite3_value** argv) {
  int rc = SQLITE_OK;
  const QueryWeights* weights = WeightsOf(api, fts, &rc);
  if (!weights) {
    sqlite3_result_error_code(result, rc);
    return;
  }
  std::vector<double> frequency(weights->idf.size(), 0.0);
  int instances = 0;
  rc = api->xInstCount(fts, &instances);
  for (int i = 0; i < instances && rc == SQLITE_OK; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    // Column weights follow the table's own order; a column without one weighs 1.
    const double weight = column < argc ? sqlite3_value_double(argv[column]) : 1.0;
    if (rc == SQLITE_OK && phrase >= 0 && static_cast<std::size_t>(phrase) < frequency.size())
      frequency[static_cast<std::size_t>(phrase)] += weight;
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(result, rc);
    return;
  }
  double score = 0.0;
  for (std::size_t p = 0; p < frequency.size(); ++p)
    score += weights->idf[p] * frequency[p] * (kK1 + 1.0) / (frequency[p] + kK1);
  sqlite3_result_double(result, -score);
}

}  // namespace

bool RegisterSearchRank(soci::session& s) {
  fts5_api* api = Fts5ApiOf(s);
  return api && api->xCreateFunction(api, "kmhub_rank", nullptr, Rank, nullptr) == SQLITE_OK;
}

}  // namespace kmhub::store
