#pragma once
// Rules for the small pieces of text kmhub accepts: names, codes, addresses, tags.
// Pure functions, no I/O.

#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace kmhub::domain {

inline constexpr std::size_t kMaxNameLength = 200;  // characters (code points)
inline constexpr std::size_t kMaxTextLength = 2000;
inline constexpr std::size_t kMaxListItems = 20;

std::string Trim(std::string_view text);
// Number of code points; -1 when `text` is not valid UTF-8.
long Utf8Length(std::string_view text);
std::string AsciiLower(std::string_view text);
std::string AsciiUpper(std::string_view text);

// What is wrong with `text` as a piece of text kmhub stores ("" when nothing): it must be valid
// UTF-8 without control characters (line feeds and tabs allowed), with [min_length, max_length]
// characters. The one rule for text from requests and from every imported file alike.
std::string TextProblem(std::string_view text, std::size_t min_length, std::size_t max_length);

// CR LF and lone CR as LF: the line breaks of Windows exports, in quoted CSV fields, become
// the one kind TextProblem allows.
std::string WithLineFeeds(std::string_view text);

// Adds a violation when TextProblem finds one.
void CheckText(Violations& v, const std::string& field, std::string_view text, std::size_t min_length,
               std::size_t max_length);

// NHS ODS codes: 3 to 6 letters and digits, at least one letter ("RGT", "5PX", "D81001").
bool IsValidOdsCode(std::string_view code);
// A lower-case host name with at least two labels ("nhs.net", "cambs.gov.uk").
bool IsValidEmailDomain(std::string_view domain);
// local@domain, with a domain as above (case-insensitive) and no '|'.
bool IsValidEmailAddress(std::string_view address);
// Lower-case letters, digits and '-', starting with a letter or digit, at most 40 characters.
bool IsValidTag(std::string_view tag);
// Digits, spaces and + ( ) - . / and "ext", with at least 3 digits, at most 40 characters.
bool IsValidPhone(std::string_view phone);

// Checks each item with `valid`, and the count and duplicates, naming "field[i]".
void CheckList(Violations& v, const std::string& field, const std::vector<std::string>& items,
               bool (*valid)(std::string_view), std::string_view what);

struct OrderBy {
  std::string field;
  bool descending = false;
};
// Parses "field" or "field desc" / "field asc" against the allowed fields (the first is the
// default for an empty text). Unknown fields are INVALID_ARGUMENT on "order_by".
Expected<OrderBy> ParseOrderBy(std::string_view text, const std::vector<std::string>& allowed);

}  // namespace kmhub::domain

namespace kmhub::domain {
// request_id: empty, or up to 100 printable ASCII characters (a UUID is typical).
Outcome ValidateRequestId(std::string_view request_id);
}  // namespace kmhub::domain
