#pragma once
// Store-internal (SQLite only): kmhub_rank(forum_search, heading_weight, body_weight), the forum
// search's ranking: Okapi BM25 with its length normalisation off (b = 0), lower is better, as
// FTS5's bm25() scores. FTS5's bm25() looks up each matching post's length with a statement of
// its own, more than half of what ranking a search cost; without it a post is ranked on how often
// it uses the query's words (saturating, k1 = 1.2), in its heading or body by their weights, and on
// how rare each word is. PostgreSQL's ts_rank, by default, does not normalise for length either.

#include <soci/soci.h>

namespace kmhub::store {

// Adds kmhub_rank to a SQLite connection (each pooled connection, when it opens). False when its
// SQLite has no FTS5.
bool RegisterSearchRank(soci::session& s);

}  // namespace kmhub::store
