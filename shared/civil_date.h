#pragma once
// Calendar dates as kmhub speaks them: ISO "YYYY-MM-DD" strings on the wire and in the
// database (so that text order is date order on both SQLite and PostgreSQL).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kmhub {

class CivilDate {
 public:
  CivilDate() = default;
  explicit CivilDate(std::chrono::year_month_day ymd) : ymd_(ymd) {}

  // Accepts exactly "YYYY-MM-DD" naming a real day between 1900 and 2999.
  static std::optional<CivilDate> Parse(std::string_view text);
  static CivilDate Today();  // UTC, or KMHUB_TODAY when set (civil_date.cpp)

  std::string ToString() const;
  std::chrono::sys_days days() const { return std::chrono::sys_days(ymd_); }
  // Midnight UTC at the start of the day, in microseconds since the epoch.
  std::int64_t StartMicros() const { return static_cast<std::int64_t>(days().time_since_epoch().count()) * 86'400'000'000LL; }
  std::chrono::year_month_day ymd() const { return ymd_; }
  auto operator<=>(const CivilDate&) const = default;

 private:
  std::chrono::year_month_day ymd_{std::chrono::year(1970), std::chrono::month(1), std::chrono::day(1)};
};

// Why `text` is no date, as a person reads it: "'2011-02-30' is not a real date" for the right
// form naming no day (or a year outside 1900–2999), "'3/2/11' is not a date of the form
// YYYY-MM-DD" otherwise; "" for a date.
std::string DateProblem(std::string_view text);

}  // namespace kmhub
