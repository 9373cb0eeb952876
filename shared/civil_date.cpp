#include "shared/civil_date.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

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
  // KMHUB_TODAY=YYYY-MM-DD (a time after it, "2026-12-31 23:59:59", is allowed and ignored) fixes
  // the date the rules take as today, for tests that must pass on any date and for a demo shown
  // as of a given day. Unset, or not a date: the system's UTC date.
  if (const char* fixed = std::getenv("KMHUB_TODAY"); fixed != nullptr && std::strlen(fixed) >= 10)
    if (const auto date = Parse(std::string_view(fixed, 10))) return *date;
  return CivilDate(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())));
}

std::string CivilDate::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd_.year()), static_cast<unsigned>(ymd_.month()),
                static_cast<unsigned>(ymd_.day()));
  return buf;
}

std::string DateProblem(std::string_view text) {
  if (CivilDate::Parse(text)) return "";
  const std::string shown = "'" + std::string(text.substr(0, 20)) + "'";
  const bool form = text.size() == 10 && text[4] == '-' && text[7] == '-' && Digits(text.substr(0, 4)) &&
                    Digits(text.substr(5, 2)) && Digits(text.substr(8, 2));
  return shown + (form ? " is not a real date" : " is not a date of the form YYYY-MM-DD");
}

}  // namespace kmhub
