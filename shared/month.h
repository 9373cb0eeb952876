#pragma once
// Calendar months ("YYYY-MM"): the grain of patient activity. Financial years run April to
// March and are named by the year they start in (FY 2009 = April 2009 … March 2010).

#include <optional>
#include <string>
#include <string_view>

namespace kmhub {

class Month {
 public:
  constexpr Month() = default;
  constexpr Month(int year, int month) : index_(year * 12 + (month - 1)) {}

  // Exactly "YYYY-MM", years 1900–2999.
  static std::optional<Month> Parse(std::string_view text);

  int year() const { return index_ / 12; }
  int month() const { return index_ % 12 + 1; }
  int financial_year() const { return month() >= 4 ? year() : year() - 1; }
  std::string ToString() const;

  Month Plus(int months) const { return FromIndex(index_ + months); }
  // Months from `from` to this one: Month(2010,3).MonthsSince(Month(2009,4)) == 11.
  int MonthsSince(Month from) const { return index_ - from.index_; }
  auto operator<=>(const Month&) const = default;

 private:
  static Month FromIndex(int index) {
    Month m;
    m.index_ = index;
    return m;
  }
  int index_ = 0;
};

// A financial year as NHS people write it: "2009/10", "2009-10", "2009/2010", "2009-2010",
// "FY2009/10" or "2009" (the April it starts in), years 1990–2100; the year it starts in, or
// none when the text is none of these or its two years do not follow each other.
std::optional<int> ParseFinancialYear(std::string_view text);
// "2009/10".
std::string FinancialYearLabel(int financial_year);

}  // namespace kmhub
