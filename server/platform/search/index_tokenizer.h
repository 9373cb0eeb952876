#pragma once
// Store-internal (SQLite only): the forum index's own tokenizer ("porter unicode61"), borrowed
// from FTS5 on a connection, to tell which words of a text a search matched without asking the
// index one statement per post (FTS5's snippet() did: ~65 µs a hit, a quarter of a search).
// The terms are exactly those the index holds: folded case and diacritics, Porter stems.

#include <soci/soci.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/platform/db/session.h"

namespace kmhub::store {

struct IndexToken {
  std::string term;            // as the index stores it
  std::size_t begin = 0, end = 0;  // bytes of the text it came from
};

// Built once per pooled connection and kept with its statements (Cached<IndexTokenizer>).
class IndexTokenizer final : public CachedStatement {
 public:
  // Throws when the connection has no FTS5 or no porter tokenizer (then there is no index).
  explicit IndexTokenizer(soci::session& s);
  ~IndexTokenizer() override;
  IndexTokenizer(const IndexTokenizer&) = delete;
  IndexTokenizer& operator=(const IndexTokenizer&) = delete;

  // A post's text as it is indexed.
  std::vector<IndexToken> Document(std::string_view text) const;
  // A word of a search as it is looked up.
  std::vector<IndexToken> Query(std::string_view text) const;

 private:
  struct Impl;
  std::vector<IndexToken> Tokenize(std::string_view text, int flags) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kmhub::store
