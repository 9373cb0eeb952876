#include "server/platform/search/snippet.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <map>
#include <string>

using kmhub::domain::MakeSnippet;
using kmhub::domain::SnippetWord;

namespace {

// Words are runs of letters; a word matches the term its lower-case form is mapped to (the
// store maps stems the same way, with the index's tokenizer).
std::vector<SnippetWord> WordsOf(const std::string& text, const std::map<std::string, int>& terms) {
  std::vector<SnippetWord> words;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isalpha(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    std::string lower;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end])))
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(text[end++])));
    const auto term = terms.find(lower);
    words.push_back({i, end, term == terms.end() ? -1 : term->second});
    i = end;
  }
  return words;
}

}  // namespace

TEST_CASE("a snippet of a short text is the whole text, its matches marked") {
  const std::string text = "Referral forms: which version?";
  const auto snippet = MakeSnippet(text, WordsOf(text, {{"referral", 0}, {"version", 1}}));
  CHECK(snippet.marked == "\x02Referral\x03 forms: which \x02version\x03?");
  CHECK(snippet.score.distinct_terms == 2);
  CHECK(snippet.score.matches == 2);
}

TEST_CASE("a snippet is the window with the most distinct terms, led by two words and cut with ellipses") {
  // 30 words: "audit" alone at word 3; "letters" and "discharge" together at words 20 and 21.
  const std::string text =
      "one two three audit five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
      "seventeen eighteen nineteen twenty discharge letters twentythree twentyfour twentyfive twentysix "
      "twentyseven twentyeight twentynine thirty.";
  const auto words = WordsOf(text, {{"audit", 0}, {"discharge", 1}, {"letters", 2}});
  REQUIRE(words.size() == 30);
  const auto snippet = MakeSnippet(text, words, 8);
  // Words 18 to 25: two before "discharge", then six more; cut at both ends.
  CHECK(snippet.marked == "…nineteen twenty \x02" "discharge\x03 \x02letters\x03 twentythree twentyfour twentyfive twentysix…");
  CHECK(snippet.score.distinct_terms == 2);

  // More matches of one term do not beat two terms; among equals the earliest window wins.
  const std::string repeated = "audit audit audit filler filler filler filler filler filler filler discharge letters";
  const auto chosen = MakeSnippet(repeated, WordsOf(repeated, {{"audit", 0}, {"discharge", 1}, {"letters", 2}}), 4);
  CHECK(chosen.marked == "…filler filler \x02" "discharge\x03 \x02letters\x03");
}

TEST_CASE("a snippet of a text that does not match starts at its beginning") {
  const std::string text = "Clinic rooms are free on Tuesdays and Thursdays after the morning surgery ends.";
  const auto snippet = MakeSnippet(text, WordsOf(text, {{"referral", 0}}), 5);
  CHECK(snippet.marked == "Clinic rooms are free on…");
  CHECK(snippet.score.matches == 0);
  CHECK(MakeSnippet("", {}).marked.empty());
  CHECK(MakeSnippet("…", {}).marked == "…");  // no words at all: the text as it is
}
