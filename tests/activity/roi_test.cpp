#include "server/activity/roi.h"

#include <catch2/catch.hpp>

#include "server/platform/rules/procedure_code.h"

using namespace kmhub;
using namespace kmhub::domain;
using Catch::Detail::Approx;

namespace {

// `count` procedures and `pounds` of spend in every month from `first` to `last`.
void Fill(std::vector<MonthlyTotal>& rows, Month first, Month last, std::int64_t count, std::int64_t pounds) {
  for (Month m = first; m <= last; m = m.Plus(1)) rows.push_back({m, count, pounds * 100});
}

RoiInput Completed() {
  RoiInput in;
  in.start = Month(2009, 4);
  in.end = Month(2010, 3);
  in.investment_pence = 30000 * 100;  // £30,000
  in.latest_data = Month(2011, 6);
  Fill(in.project, Month(2008, 4), Month(2009, 3), 10, 1000);   // before
  Fill(in.project, Month(2009, 4), Month(2010, 3), 12, 1100);   // during
  Fill(in.project, Month(2010, 4), Month(2011, 6), 15, 1200);   // after, and beyond
  return in;
}

}  // namespace

TEST_CASE("months: parse, arithmetic across years, financial years from April") {
  CHECK(Month::Parse("2009-04")->ToString() == "2009-04");
  CHECK_FALSE(Month::Parse("2009-13"));
  CHECK_FALSE(Month::Parse("2009-4"));
  CHECK_FALSE(Month::Parse("09-04-01"));
  CHECK(Month(2009, 11).Plus(3) == Month(2010, 2));
  CHECK(Month(2009, 2).Plus(-3) == Month(2008, 11));
  CHECK(Month(2010, 3).MonthsSince(Month(2009, 4)) == 11);
  CHECK(Month(2010, 3).financial_year() == 2009);
  CHECK(Month(2010, 4).financial_year() == 2010);
}

TEST_CASE("procedure codes: OPCS-4 with or without the dot, HRG4, anything else refused") {
  CHECK(NormaliseProcedureCode("W37.1")->code == "W371");
  CHECK(NormaliseProcedureCode(" w371 ")->code == "W371");
  CHECK(NormaliseProcedureCode("W371")->kind == ProcedureKind::kOpcs4);
  CHECK(NormaliseProcedureCode("W37.12")->code == "W3712");
  CHECK(NormaliseProcedureCode("hb12c")->code == "HB12C");
  CHECK(NormaliseProcedureCode("HB12C")->kind == ProcedureKind::kHrg4);
  for (const char* bad : {"", "W37", "W3.71", "371W", "HB12", "HB123", "W37.1.2", "WW371"}) {
    INFO(bad);
    const auto r = NormaliseProcedureCode(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().reason == "INVALID_PROCEDURE_CODE");
  }
  CHECK(DisplayProcedureCode("W371") == "W37.1");
  CHECK(DisplayProcedureCode("HB12C") == "HB12C");
}

TEST_CASE("ROI: a completed project - three full windows, the change and the investment return") {
  const auto r = ComputeRoi(Completed());
  // before: Apr 2008 - Mar 2009, 12 months x 10 procedures for £1,000 a month.
  CHECK(r.before.state == WindowState::kComplete);
  CHECK(r.before.first == Month(2008, 4));
  CHECK(r.before.last == Month(2009, 3));
  CHECK(r.before.months_with_data == 12);
  CHECK(r.before.procedures == 120);
  CHECK(r.before.spend_pence == 1200000);
  CHECK(*r.before.procedures_per_month == Approx(10));
  CHECK(*r.before.procedures_per_pound == Approx(0.01));   // 120 / £12,000
  CHECK(*r.before.cost_per_procedure == Approx(100));      // £12,000 / 120
  // during: Apr 2009 - Mar 2010: 144 procedures for £13,200.
  CHECK(r.during.state == WindowState::kComplete);
  CHECK(r.during.procedures == 144);
  CHECK(*r.during.procedures_per_pound == Approx(144.0 / 13200));
  // after: Apr 2010 - Mar 2011 (data runs to Jun 2011, beyond the window): 180 for £14,400.
  CHECK(r.after.state == WindowState::kComplete);
  CHECK(r.after.last == Month(2011, 3));
  CHECK(r.after.procedures == 180);
  CHECK(*r.after.procedures_per_pound == Approx(0.0125));
  CHECK(*r.after.cost_per_procedure == Approx(80));
  // Change per £: 0.0125 - 0.01 = 0.0025 (+25 %); per month +5.
  CHECK(*r.change.per_pound == Approx(0.0025));
  CHECK(*r.change.per_pound_percent == Approx(25));
  CHECK(*r.change.per_month == Approx(5));
  // Investment return: (15 - 10) x 12 / £30,000 = 0.002 extra procedures per £ invested.
  CHECK(*r.investment_return == Approx(0.002));
  CHECK_FALSE(r.net_change_per_pound);
}

TEST_CASE("ROI: a project still running - during is cut at the latest data, no after window") {
  RoiInput in;
  in.start = Month(2010, 1);
  in.end = Month(2011, 12);  // planned
  in.latest_data = Month(2010, 6);
  Fill(in.project, Month(2009, 1), Month(2010, 6), 8, 400);
  const auto r = ComputeRoi(in);
  CHECK(r.before.state == WindowState::kComplete);
  CHECK(r.during.state == WindowState::kPartial);
  CHECK(r.during.last == Month(2010, 6));
  CHECK(r.during.months_covered == 6);
  CHECK(r.during.procedures == 48);
  CHECK(r.after.state == WindowState::kNotReached);
  CHECK_FALSE(r.after.procedures_per_pound);
  CHECK_FALSE(r.change.per_pound);
  CHECK_FALSE(r.investment_return);
}

TEST_CASE("ROI: ended but no after data yet, then an after window still filling") {
  RoiInput in = Completed();
  in.latest_data = Month(2010, 3);  // data ends with the project
  auto r = ComputeRoi(in);
  CHECK(r.during.state == WindowState::kComplete);
  CHECK(r.after.state == WindowState::kNotReached);

  in.latest_data = Month(2010, 5);  // two months after the end
  r = ComputeRoi(in);
  CHECK(r.after.state == WindowState::kPartial);
  CHECK(r.after.months_covered == 2);
  CHECK(r.after.procedures == 30);
  // Return uses the months of after that have data: (15 - 10) x 2 / £30,000.
  CHECK(*r.investment_return == Approx(10.0 / 30000));
}

TEST_CASE("ROI: with a comparator, the net change is the difference in differences") {
  RoiInput in = Completed();
  in.has_comparator = true;
  // Comparator: 20 procedures for £2,000 a month before (0.01 per £), 22 for £2,000 after (0.011).
  Fill(in.comparator, Month(2008, 4), Month(2009, 3), 20, 2000);
  Fill(in.comparator, Month(2010, 4), Month(2011, 3), 22, 2000);
  const auto r = ComputeRoi(in);
  REQUIRE(r.comparator_before);
  REQUIRE(r.comparator_after);
  CHECK(*r.comparator_after->procedures_per_pound == Approx(0.011));
  CHECK(*r.net_change_per_pound == Approx(0.0025 - 0.001));  // project +0.0025, comparator +0.001
  CHECK(*r.net_change_per_month == Approx(5 - 2));           // project +5, comparator +2
}

TEST_CASE("ROI: no data, zero spend, not started and no dates are states, never a division by zero") {
  RoiInput in = Completed();
  in.project.clear();
  Fill(in.project, Month(2010, 4), Month(2011, 3), 15, 0);  // after only, and free
  auto r = ComputeRoi(in);
  CHECK(r.before.state == WindowState::kNoData);
  CHECK_FALSE(r.before.procedures_per_month);
  CHECK(r.during.state == WindowState::kNoData);
  CHECK(r.after.state == WindowState::kNoSpend);
  CHECK(r.after.procedures == 180);
  CHECK(*r.after.procedures_per_month == Approx(15));
  CHECK_FALSE(r.after.procedures_per_pound);  // £0 spent
  CHECK(*r.after.cost_per_procedure == Approx(0));  // nothing spent per procedure
  CHECK_FALSE(r.change.per_pound);

  in.latest_data = Month(2009, 1);  // the data stops before the start
  r = ComputeRoi(in);
  CHECK(r.during.state == WindowState::kNotStarted);
  CHECK(r.after.state == WindowState::kNotStarted);

  in.start.reset();
  r = ComputeRoi(in);
  CHECK(r.before.state == WindowState::kNoDates);
  CHECK(r.after.state == WindowState::kNoDates);
}

TEST_CASE("ROI: the window length is a parameter") {
  RoiInput in = Completed();
  in.window_months = 6;
  const auto r = ComputeRoi(in);
  CHECK(r.before.first == Month(2008, 10));
  CHECK(r.before.procedures == 60);
  CHECK(r.after.last == Month(2010, 9));
  CHECK(*r.investment_return == Approx(5.0 * 6 / 30000));
}

TEST_CASE("ROI: a passed window with months missing from the data is partial coverage, not complete") {
  RoiInput in = Completed();
  in.project.clear();
  Fill(in.project, Month(2008, 4), Month(2008, 7), 10, 1000);  // only 4 of the 12 months before
  Fill(in.project, Month(2009, 4), Month(2011, 6), 15, 1200);
  const auto r = ComputeRoi(in);
  CHECK(r.before.state == WindowState::kPartialCoverage);
  CHECK(r.before.months_covered == 12);
  CHECK(r.before.months_with_data == 4);
  // The figures are over the months that have data: 10 a month, 0.01 per £.
  CHECK(*r.before.procedures_per_month == Approx(10));
  CHECK(*r.before.procedures_per_pound == Approx(0.01));
  CHECK(r.after.state == WindowState::kComplete);
  CHECK(NoChangeReason(r).empty());
}

TEST_CASE("ROI: a project without a consortium has no scope, in every window") {
  RoiInput in = Completed();
  in.has_scope = false;
  in.project.clear();
  const auto r = ComputeRoi(in);
  for (const auto* w : {&r.before, &r.during, &r.after}) {
    CHECK(w->state == WindowState::kNoScope);
    CHECK_FALSE(w->first);
  }
  CHECK(NoChangeReason(r) == "the after window: the project has no consortium, so no activity is in its scope");
}

TEST_CASE("ROI: a cancelled project has before and during windows but no after window") {
  RoiInput in = Completed();
  in.cancelled = true;
  const auto r = ComputeRoi(in);
  CHECK(r.before.state == WindowState::kComplete);
  CHECK(r.during.state == WindowState::kComplete);
  CHECK(r.during.procedures == 144);
  CHECK(r.after.state == WindowState::kCancelled);
  CHECK_FALSE(r.after.procedures_per_pound);
  CHECK_FALSE(r.change.per_pound);
  CHECK_FALSE(r.investment_return);
  CHECK(NoChangeReason(r) == "the after window: the project was cancelled");
}
