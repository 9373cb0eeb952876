#include "server/platform/search/search_query.h"
#include "server/platform/search/snippet.h"

#include <catch2/catch.hpp>

using namespace kmhub;
using namespace kmhub::domain;

TEST_CASE("search queries: words, phrases and exclusions in each database's language") {
  const auto q = ParseSearchQuery("Referrals \"discharge  letters\" -audit", "query");
  REQUIRE(q);
  REQUIRE(q->terms.size() == 3);
  CHECK(q->terms[1].words == std::vector<std::string>{"discharge", "letters"});
  CHECK(q->terms[2].excluded);
  CHECK(q->ToFts5() == "\"referrals\" \"discharge letters\" NOT \"audit\"");
  CHECK(q->ToWebSearch() == "referrals \"discharge letters\" -audit");
}

TEST_CASE("search queries: punctuation cannot reach the database's query parser") {
  const auto q = ParseSearchQuery("col:umn (NEAR) \"unclosed AND OR* ^x", "query");
  REQUIRE(q);
  CHECK(q->ToFts5() == "\"col\" \"umn\" \"near\" \"unclosed and or x\"");
  CHECK(q->ToWebSearch() == "col umn near \"unclosed and or x\"");
  const auto hyphen = ParseSearchQuery("follow-up", "query");
  REQUIRE(hyphen);
  CHECK(hyphen->ToFts5() == "\"follow\" \"up\"");
}

TEST_CASE("search queries: nothing to look for, or too much, is refused") {
  for (const char* text : {"", "   ", ";;", "-audit", "-\"a b\""}) {
    INFO(text);
    const auto q = ParseSearchQuery(text, "query");
    REQUIRE_FALSE(q);
    CHECK(q.error().reason == "EMPTY_QUERY");
    CHECK(q.error().violations.at(0).field == "query");
  }
  CHECK(ParseSearchQuery("a b c d e f g h i j k l m", "query").error().reason == "QUERY_TOO_LONG");
  CHECK(ParseSearchQuery(std::string(801, 'a'), "query").error().reason == "INVALID_QUERY");
  CHECK(ParseSearchQuery("caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9", "query"));
}

TEST_CASE("search snippets: matches in bold, the post's own emphasis and line breaks dropped") {
  // (An escape like \x02 would swallow a following hex digit: the markers stand as separate literals.)
  CHECK(MarkdownSnippet("Attached are **" "\x02" "dermatology" "\x03" " " "\x02" "referral" "\x03" " rates** per\n1,000") ==
        "Attached are **dermatology** **referral** rates per 1,000");
  CHECK(MarkdownSnippet("__x__ " "\x02" "y" "\x03" " *z*") == "x **y** *z*");
}
