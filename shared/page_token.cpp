#include "shared/page_token.h"

#include <algorithm>
#include <charconv>

#include "shared/base64.h"

namespace kmhub {

namespace {
constexpr std::string_view kVersion = "p1";
constexpr char kSep = '\x1f';

Error BadToken(std::string description) {
  Violations v;
  v.Add("page_token", std::move(description));
  return v.ToError("INVALID_PAGE_TOKEN");
}
}  // namespace

std::uint64_t QueryFingerprint(std::string_view canonical_query) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : canonical_query) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string EncodePageToken(const PageCursor& cursor) {
  std::string raw(kVersion);
  raw += kSep;
  raw += std::to_string(cursor.fingerprint);
  raw += kSep;
  raw += std::to_string(cursor.last_id);
  raw += kSep;
  raw += cursor.last_sort_value;
  return Base64UrlEncode(raw);
}

Expected<PageCursor> DecodePageToken(std::string_view token, std::uint64_t fingerprint) {
  PageCursor cursor;
  if (token.empty()) return cursor;
  if (token.size() > 2048) return BadToken("the page token is too long to be one this server issued");
  const auto raw = Base64UrlDecode(token);
  if (!raw) return BadToken("the page token is not one this server issued; start again without a token");
  std::string_view rest = *raw;
  auto next = [&rest](std::string_view* part) {
    const auto sep = rest.find(kSep);
    if (sep == std::string_view::npos) return false;
    *part = rest.substr(0, sep);
    rest.remove_prefix(sep + 1);
    return true;
  };
  std::string_view version, fp, id;
  if (!next(&version) || version != kVersion || !next(&fp) || !next(&id))
    return BadToken("the page token is not one this server issued; start again without a token");
  const auto [p1, e1] = std::from_chars(fp.data(), fp.data() + fp.size(), cursor.fingerprint);
  const auto [p2, e2] = std::from_chars(id.data(), id.data() + id.size(), cursor.last_id);
  if (e1 != std::errc() || p1 != fp.data() + fp.size() || e2 != std::errc() || p2 != id.data() + id.size() ||
      cursor.last_id <= 0)
    return BadToken("the page token is not one this server issued; start again without a token");
  if (cursor.fingerprint != fingerprint)
    return BadToken("the page token belongs to a listing with other filters or order; keep them unchanged");
  cursor.last_sort_value = std::string(rest);
  return cursor;
}

Expected<int> ResolvePageSize(int requested, int max) {
  if (requested < 0) {
    Violations v;
    v.Add("page_size", "must not be negative (0 means the default of " + std::to_string(kDefaultPageSize) + ")");
    return v.ToError("INVALID_PAGE_SIZE");
  }
  if (requested == 0) return std::min(kDefaultPageSize, max);
  return std::min(requested, max);
}

}  // namespace kmhub
