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
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month());
  return buf;
}

}  // namespace kmhub
