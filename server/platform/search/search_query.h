#pragma once
// A forum search as people type it — words, "quoted phrases", -excluded words — parsed once
// and written out in each database's own query language, so that user text never reaches
// either parser raw (FTS5's MATCH syntax errors on a stray quote or colon).

#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace kmhub::domain {

inline constexpr std::size_t kMaxSearchTerms = 12;

struct SearchTerm {
  std::vector<std::string> words;  // one word, or a phrase; letters and digits only
  bool excluded = false;
};

struct SearchQuery {
  std::vector<SearchTerm> terms;
  // SQLite FTS5: "referral" "discharge letters" NOT "audit"
  std::string ToFts5() const;
  // PostgreSQL websearch_to_tsquery: referral "discharge letters" -audit
  std::string ToWebSearch() const;
};

// INVALID_ARGUMENT on `field` for an empty query, one with only excluded words, or more than
// kMaxSearchTerms terms. Punctuation separates words and is otherwise ignored.
Expected<SearchQuery> ParseSearchQuery(std::string_view text, const std::string& field);

}  // namespace kmhub::domain
