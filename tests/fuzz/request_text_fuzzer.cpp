// Fuzz target: the small texts every request carries — page tokens, order_by, resource names,
// dates, the authorization header — CSV reading, and forum text: searches, mentions, snippets.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/forums/forum_mentions.h"
#include "server/platform/search/search_query.h"
#include "server/platform/search/snippet.h"
#include "server/platform/rules/text_rules.h"
#include "server/access/token_secret.h"
#include "server/platform/rules/access_policy.h"
#include "shared/civil_date.h"
#include "shared/csv_reader.h"
#include "shared/page_token.h"
#include "shared/resource_name.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto cursor = kmhub::DecodePageToken(text, kmhub::QueryFingerprint("fuzz")); cursor && cursor->last_id != 0) {
    // A token that decodes must be one we could have issued.
    const auto again = kmhub::DecodePageToken(kmhub::EncodePageToken(*cursor), cursor->fingerprint);
    if (!again || again->last_id != cursor->last_id || again->last_sort_value != cursor->last_sort_value) __builtin_trap();
  }
  (void)kmhub::domain::ParseOrderBy(text, {"display_name", "create_time"});
  (void)kmhub::ParseOrganisationName(text);
  (void)kmhub::ParseContactName(text);
  (void)kmhub::ParseProjectName(text);
  (void)kmhub::ParseMilestoneName(text);
  (void)kmhub::CivilDate::Parse(text);
  (void)kmhub::domain::IsValidEmailAddress(text);
  (void)kmhub::domain::Utf8Length(text);
  (void)kmhub::ReadCsv(text, 1000);
  // A search that parses is written out only as quoted letters and digits: nothing of the user's
  // text can reach FTS5's or PostgreSQL's query syntax.
  if (const auto query = kmhub::domain::ParseSearchQuery(text, "query")) {
    if (query->terms.empty() || query->terms.size() > kmhub::domain::kMaxSearchTerms) __builtin_trap();
    for (const auto& term : query->terms)
      for (const auto& word : term.words)
        for (char c : word)
          if (c == '"' || c == ' ' || c == ':' || c == '*' || c == '(' || c == '-' || (c >= 'A' && c <= 'Z')) __builtin_trap();
    (void)query->ToFts5();
    (void)query->ToWebSearch();
  }
  for (const auto& mention : kmhub::domain::FindMentions(text))
    if (mention.text.empty() || mention.text.size() > text.size()) __builtin_trap();
  (void)kmhub::domain::MarkdownSnippet(text);
  // A bearer token that passes the shape check is exactly what the header carried after the scheme.
  if (const auto token = kmhub::domain::BearerToken(text); !token.empty()) {
    if (token.size() + 7 != text.size()) __builtin_trap();
    if (kmhub::domain::LooksLikeTokenSecret(token) && kmhub::domain::HashTokenSecret(token).size() != 64) __builtin_trap();
  }
  return 0;
}
