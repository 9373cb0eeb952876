// Fuzz target: the small texts every request carries — page tokens, order_by, resource names,
// dates, the authorization header — and CSV reading.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/domain/text_rules.h"
#include "server/domain/token_secret.h"
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
  // A bearer token that passes the shape check is exactly what the header carried after the scheme.
  if (const auto token = kmhub::domain::BearerToken(text); !token.empty()) {
    if (token.size() + 7 != text.size()) __builtin_trap();
    if (kmhub::domain::LooksLikeTokenSecret(token) && kmhub::domain::HashTokenSecret(token).size() != 64) __builtin_trap();
  }
  return 0;
}
