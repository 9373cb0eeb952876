#pragma once
// Opaque page tokens for keyset paging. A token remembers where the previous page ended
// (its last sort value and id) and a fingerprint of the query it belongs to, so that a
// token reused with other filters is refused instead of silently skipping rows.

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/error.h"

namespace kmhub {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

struct PageCursor {
  std::uint64_t fingerprint = 0;
  std::string last_sort_value;
  std::int64_t last_id = 0;
};

// FNV-1a over a canonical description of the query (filters and order).
std::uint64_t QueryFingerprint(std::string_view canonical_query);

std::string EncodePageToken(const PageCursor& cursor);

// An empty token gives a cursor with last_id 0 (the first page). A token that does not decode,
// or that belongs to another query, is INVALID_ARGUMENT on field "page_token".
Expected<PageCursor> DecodePageToken(std::string_view token, std::uint64_t fingerprint);

// 0 means the default; above `max` is lowered to `max`; negative is INVALID_ARGUMENT.
Expected<int> ResolvePageSize(int requested, int max = kMaxPageSize);

}  // namespace kmhub
