#include "shared/civil_date.h"

#include <cstdio>

namespace kmhub {

namespace {
bool Digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
int Number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}
}  // namespace

std::optional<CivilDate> CivilDate::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!Digits(y) || !Digits(m) || !Digits(d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(Number(y)), std::chrono::month(Number(m)),
                                        std::chrono::day(Number(d))};
  if (!ymd.ok() || Number(y) < 1900 || Number(y) > 2999) return std::nullopt;
  return CivilDate(ymd);
}

CivilDate CivilDate::Today() {
  return CivilDate(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())));
}

std::string CivilDate::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd_.year()), static_cast<unsigned>(ymd_.month()),
                static_cast<unsigned>(ymd_.day()));
  return buf;
}

}  // namespace kmhub
