#pragma once
// Small, bounded lists (tags, e-mail domains, phones) are kept in one column as "|a|b|", so a
// record is read with one query and a tag filter is `tags LIKE '%|tag|%'`. The domain rules
// forbid '|', '%' and '_' in the items, so the encoding is unambiguous.

#include <string>
#include <string_view>
#include <vector>

namespace kmhub::store {

std::string EncodeList(const std::vector<std::string>& items);
std::vector<std::string> DecodeList(std::string_view encoded);

// The key rows are ordered and prefix-searched by: ASCII-lower-cased, compared byte by byte,
// so SQLite and PostgreSQL give the same order.
std::string SortKey(std::string_view display_text);

// The smallest string greater than every string starting with `prefix` ("" when none exists).
std::string PrefixUpperBound(std::string prefix);

}  // namespace kmhub::store
