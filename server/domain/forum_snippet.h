#pragma once
// The few words of a post shown under a search hit, with the matched words marked \x02…\x03
// (ForumSnippet turns the marks into Markdown bold). The store finds the words and which of them
// match with the full-text index's own tokenizer; choosing and cutting the window is here.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/forum_store.h"

namespace kmhub::domain {

// One word of a text: its bytes [begin, end), and which query term it matches (-1: none).
using SnippetWord = store::MatchedWord;

// How well a window of a text answers the query: distinct terms first, then matches.
struct SnippetScore {
  int distinct_terms = 0, matches = 0;
  auto operator<=>(const SnippetScore&) const = default;
};

struct Snippet {
  std::string marked;  // the window, matches marked, "…" where it cuts the text
  SnippetScore score;
};

inline constexpr std::size_t kSnippetWords = 16;

// The window of at most `max_words` words with the most distinct query terms (then the most
// matches, then the earliest), starting two words before its first match so that the match reads
// in context; the whole text when it is that short. Text before the first word and after the last
// is kept only when the window reaches them.
Snippet MakeSnippet(std::string_view text, const std::vector<SnippetWord>& words,
                    std::size_t max_words = kSnippetWords);

// A search hit's snippet, matches marked: the database's own (PostgreSQL), else one cut from the
// post's body or, when that answers fewer of the query's terms, from its heading.
std::string SnippetOfHit(const store::ForumSearchHitRecord& hit);

}  // namespace kmhub::domain
