#include "server/platform/rules/text_rules.h"

#include <algorithm>
#include <set>

namespace kmhub::domain {

namespace {
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

long Utf8Length(std::string_view text) {
  long count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return -1;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return -1;
    i += n;
    ++count;
  }
  return count;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string AsciiUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (IsLower(c)) c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string TextProblem(std::string_view text, std::size_t min_length, std::size_t max_length) {
  const long length = Utf8Length(text);
  if (length < 0) return "is not valid UTF-8";
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t'; }))
    return "must not contain control characters";
  if (static_cast<std::size_t>(length) < min_length)
    return min_length == 1 ? "must not be empty" : "must have at least " + std::to_string(min_length) + " characters";
  if (static_cast<std::size_t>(length) > max_length)
    return "must have at most " + std::to_string(max_length) + " characters (has " + std::to_string(length) + ")";
  return "";
}

std::string WithLineFeeds(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    }
  }
  return out;
}

void CheckText(Violations& v, const std::string& field, std::string_view text, std::size_t min_length,
               std::size_t max_length) {
  if (auto problem = TextProblem(text, min_length, max_length); !problem.empty()) v.Add(field, std::move(problem));
}

bool IsValidOdsCode(std::string_view code) {
  if (code.size() < 3 || code.size() > 6) return false;
  bool letter = false;
  for (char c : code) {
    if (!IsUpper(c) && !IsDigit(c)) return false;
    letter = letter || IsUpper(c);
  }
  return letter;
}

bool IsValidEmailDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  int labels = 0;
  std::size_t start = 0;
  while (true) {
    const auto dot = domain.find('.', start);
    const auto label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!IsLower(c) && !IsDigit(c) && c != '-') return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

bool IsValidEmailAddress(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || address.size() > 254) return false;
  for (char c : address.substr(0, at)) {
    const bool ok = IsLower(c) || IsUpper(c) || IsDigit(c) || std::string_view(".!#$%&'*+/=?^_`{}~-").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  const auto local = address.substr(0, at);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  return IsValidEmailDomain(AsciiLower(address.substr(at + 1)));
}

bool IsValidTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 40 || tag.front() == '-') return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) { return IsLower(c) || IsDigit(c) || c == '-'; });
}

bool IsValidPhone(std::string_view phone) {
  if (phone.size() > 40) return false;
  int digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (IsDigit(c)) {
      ++digits;
    } else if (phone.substr(i, 3) == "ext") {
      i += 2;
    } else if (std::string_view(" +()-./").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digits >= 3;
}

void CheckList(Violations& v, const std::string& field, const std::vector<std::string>& items,
               bool (*valid)(std::string_view), std::string_view what) {
  if (items.size() > kMaxListItems)
    v.Add(field, "has " + std::to_string(items.size()) + " items; at most " + std::to_string(kMaxListItems) + " are allowed");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item_field = field + "[" + std::to_string(i) + "]";
    if (!valid(items[i]))
      v.Add(item_field, "'" + items[i].substr(0, 80) + "' is not " + std::string(what));
    else if (!seen.insert(AsciiLower(items[i])).second)
      v.Add(item_field, "'" + items[i] + "' is listed twice");
  }
}

Expected<OrderBy> ParseOrderBy(std::string_view text, const std::vector<std::string>& allowed) {
  const std::string trimmed = Trim(text);
  if (trimmed.empty()) return OrderBy{allowed.front(), false};
  OrderBy order;
  const auto space = trimmed.find(' ');
  order.field = trimmed.substr(0, space);
  if (space != std::string::npos) {
    const std::string direction = AsciiLower(Trim(trimmed.substr(space + 1)));
    if (direction == "desc") {
      order.descending = true;
    } else if (direction != "asc") {
      Violations v;
      v.Add("order_by", "direction must be 'asc' or 'desc', not '" + direction.substr(0, 20) + "'");
      return v.ToError("INVALID_ORDER_BY");
    }
  }
  if (std::find(allowed.begin(), allowed.end(), order.field) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    Violations v;
    v.Add("order_by", "cannot order by '" + order.field.substr(0, 40) + "'; use one of: " + list);
    return v.ToError("INVALID_ORDER_BY");
  }
  return order;
}

}  // namespace kmhub::domain

namespace kmhub::domain {
Outcome ValidateRequestId(std::string_view request_id) {
  Violations v;
  if (request_id.size() > 100) v.Add("request_id", "must have at most 100 characters");
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7E) {
      v.Add("request_id", "must be printable ASCII without spaces (a UUID is typical)");
      break;
    }
  }
  if (!v.empty()) return v.ToError("INVALID_REQUEST_ID");
  return Ok{};
}
}  // namespace kmhub::domain
