#pragma once
// The few words of a post shown under a search hit, with the matched words marked \x02…\x03
// (MarkdownSnippet turns the marks into Markdown bold). The store finds the words and which of them
// match with the full-text index's own tokenizer; choosing and cutting the window is here.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>


namespace kmhub::domain {

// One word of a text: its bytes [begin, end), and which query term it matches (-1: none).
struct MatchedWord {
  std::size_t begin = 0, end = 0;
  int term = -1;
};
using SnippetWord = MatchedWord;

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

// A search hit as the store returns it: the database's own snippet (PostgreSQL), or the text's
// heading and body with the words of each (SQLite).
struct HitText {
  std::string_view database_snippet;
  std::string_view heading;
  const std::vector<MatchedWord>& heading_words;
  std::string_view body;
  const std::vector<MatchedWord>& body_words;
};

// A search hit's snippet, matches marked: the database's own (PostgreSQL), else one cut from the
// body or, when that answers fewer of the query's terms, from the heading.
std::string SnippetOfHit(const HitText& hit);

// A snippet with its matches marked \x02…\x03 (as the store returns it) as Markdown: the
// text's own emphasis markers (** and __) are dropped so that bold means "matched" only.
std::string MarkdownSnippet(std::string_view marked);

}  // namespace kmhub::domain
