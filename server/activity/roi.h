#pragma once
// Return on investment of a project (activity/README.md): procedures per £
// before, during and after it. Pure arithmetic over monthly totals that the store aggregates in
// SQL; every figure that would divide by zero is absent, with the window's state saying why.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/month.h"

namespace kmhub::domain {

struct MonthlyTotal {
  Month month;
  std::int64_t procedures = 0;
  std::int64_t cost_pence = 0;
};

enum class WindowState {
  kComplete,     // every month of the window is in the past of the data
  kPartial,      // cut at the latest month with data (project running, or "after" still filling)
  kNoData,       // the window's months are known but no activity was recorded in them
  kNotStarted,   // the project has not started (as far as the data goes): no "during" or "after"
  kNotReached,   // the project is still running: no "after" yet
  kNoDates,      // the project has no start date: no windows at all
  kNoSpend,      // activity was recorded but nothing was spent: no procedures per £
  kPartialCoverage,  // the window has passed but some of its months have no data: figures over those that do
  kNoScope,      // the project has no consortium, so no activity is in its scope: no windows at all
  kCancelled,    // the project was cancelled: no after window (nothing it did can have a return)
};

struct WindowFigures {
  WindowState state = WindowState::kNoDates;
  std::optional<Month> first, last;  // the months the window covers (after any cut)
  int months_covered = 0;
  int months_with_data = 0;
  std::int64_t procedures = 0;
  std::int64_t spend_pence = 0;
  std::optional<double> procedures_per_month;  // N / m
  std::optional<double> procedures_per_pound;  // N / C, C in pounds
  std::optional<double> cost_per_procedure;    // C / N, in pounds
};

struct RoiInput {
  std::optional<Month> start;  // actual, else planned start month
  std::optional<Month> end;    // actual, else planned end month
  int window_months = 12;
  std::int64_t investment_pence = 0;
  std::optional<Month> latest_data;  // the latest month with any activity recorded at all
  std::vector<MonthlyTotal> project;     // the project's scope, any order, one row per month
  std::vector<MonthlyTotal> comparator;  // comparator organisations, same procedures
  bool has_comparator = false;
  bool has_scope = true;   // false for a project without a consortium
  bool cancelled = false;  // a cancelled project has no after window
};

struct RoiChange {
  std::optional<double> per_pound;          // after − before
  std::optional<double> per_pound_percent;  // (after − before) / before × 100
  std::optional<double> per_month;          // after − before
};

struct RoiResult {
  WindowFigures before, during, after;
  RoiChange change;
  // (N_after/m_after − N_before/m_before) × m_after / investment (extra procedures per £ invested).
  std::optional<double> investment_return;
  // With comparators: their windows, and the project's change minus theirs (difference in differences).
  std::optional<WindowFigures> comparator_before, comparator_after;
  std::optional<double> net_change_per_pound, net_change_per_month;
};

// The windows for a project (activity/README.md): before = the W months ending the month before the
// start; during = start … end (cut at the latest data while running); after = the W months from
// the month after the end (cut at the latest data).
RoiResult ComputeRoi(const RoiInput& input);

// Why a result has no change after vs before, in words ("" when it has one): the window that
// lacks a figure, after first, and its state — "the after window: not reached yet (the project is
// running or just ended)".
std::string NoChangeReason(const RoiResult& result);

}  // namespace kmhub::domain
