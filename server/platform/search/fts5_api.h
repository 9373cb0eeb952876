#pragma once
// Store-internal (SQLite only): FTS5's extension API on a connection, through which the forum
// search borrows the index's tokenizer (index_tokenizer.h) and adds its ranking (search_rank.h).

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace kmhub::store {

// nullptr when the connection's SQLite has no FTS5. `s` must be a SQLite session.
sqlite_api::fts5_api* Fts5ApiOf(soci::session& s);

}  // namespace kmhub::store
