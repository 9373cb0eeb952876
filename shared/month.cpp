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

}  // namespace kmhub
