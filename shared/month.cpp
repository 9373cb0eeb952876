#include "shared/month.h"

#include <cstdio>

namespace kmhub {

std::optional<Month> Month::Parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  for (int i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    if (i < 4)
      year = year * 10 + (text[i] - '0');
    else
      month = month * 10 + (text[i] - '0');
  }
  if (year < 1900 || year > 2999 || month < 1 || month > 12) return std::nullopt;
  return Month(year, month);
}

std::string Month::ToString() const {
  // Called once per row of a million-row import: no printf.
  const int y = year(), m = month();
  if (y < 0 || y > 9999) return std::to_string(y) + "-" + std::to_string(m);
  std::string out = "0000-00";
  out[0] = static_cast<char>('0' + y / 1000);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  return out;
}

namespace {
std::optional<int> Digits(std::string_view text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}
}  // namespace

std::optional<int> ParseFinancialYear(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() > 2 && (text[0] == 'F' || text[0] == 'f') && (text[1] == 'Y' || text[1] == 'y')) {
    text.remove_prefix(2);
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  if (text.size() < 4) return std::nullopt;
  const auto start = Digits(text.substr(0, 4));
  if (!start || *start < 1990 || *start > 2100) return std::nullopt;
  if (text.size() == 4) return start;
  if (text[4] != '/' && text[4] != '-') return std::nullopt;
  const auto rest = text.substr(5);
  const auto end = Digits(rest);
  if (!end) return std::nullopt;
  if (rest.size() == 2 && *end == (*start + 1) % 100) return start;
  if (rest.size() == 4 && *end == *start + 1) return start;
  return std::nullopt;
}

std::string FinancialYearLabel(int financial_year) {
  const int next = (financial_year + 1) % 100;
  return std::to_string(financial_year) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
}

}  // namespace kmhub
