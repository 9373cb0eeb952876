#include "server/activity/roi.h"

#include <algorithm>

namespace kmhub::domain {

namespace {

struct Span {
  Month first, last;
};

WindowFigures Figures(const std::vector<MonthlyTotal>& rows, Span span, bool cut) {
  WindowFigures w;
  w.first = span.first;
  w.last = span.last;
  w.months_covered = span.last.MonthsSince(span.first) + 1;
  for (const auto& r : rows) {
    if (r.month < span.first || r.month > span.last) continue;
    ++w.months_with_data;
    w.procedures += r.procedures;
    w.spend_pence += r.cost_pence;
  }
  if (w.months_with_data == 0) {
    w.state = WindowState::kNoData;
    return w;
  }
  if (w.spend_pence == 0)
    w.state = WindowState::kNoSpend;
  else if (cut)
    w.state = WindowState::kPartial;
  else if (w.months_with_data < w.months_covered)
    w.state = WindowState::kPartialCoverage;  // passed, but a month without data is not a month of none
  else
    w.state = WindowState::kComplete;
  const double pounds = static_cast<double>(w.spend_pence) / 100.0;
  w.procedures_per_month = static_cast<double>(w.procedures) / w.months_with_data;
  if (w.spend_pence > 0) w.procedures_per_pound = static_cast<double>(w.procedures) / pounds;
  if (w.procedures > 0) w.cost_per_procedure = pounds / static_cast<double>(w.procedures);
  return w;
}

WindowFigures Empty(WindowState state) {
  WindowFigures w;
  w.state = state;
  return w;
}

struct Windows {
  std::optional<Span> before, during, after;
  bool during_cut = false, after_cut = false;
  WindowState during_missing = WindowState::kNoDates, after_missing = WindowState::kNoDates;
};

Windows Place(const RoiInput& in) {
  Windows w;
  if (!in.start) return w;
  const int width = std::max(1, in.window_months);
  const Month start = *in.start;
  w.before = Span{start.Plus(-width), start.Plus(-1)};
  const auto latest = in.latest_data;
  if (!latest || *latest < start) {
    w.during_missing = w.after_missing = WindowState::kNotStarted;
    return w;
  }
  // During: to the end month, or to the latest data while the project runs.
  const bool ended = in.end && *in.end <= *latest;
  const Month during_last = ended ? *in.end : (in.end ? std::min(*in.end, *latest) : *latest);
  w.during = Span{start, during_last};
  w.during_cut = !ended;
  if (!ended) {
    w.after_missing = WindowState::kNotReached;
    return w;
  }
  if (*in.end == *latest) {
    w.after_missing = WindowState::kNotReached;  // ended with the data: nothing after yet
    return w;
  }
  const Month after_first = in.end->Plus(1);
  const Month after_full = in.end->Plus(width);
  w.after = Span{after_first, std::min(after_full, *latest)};
  w.after_cut = after_full > *latest;
  return w;
}

}  // namespace

RoiResult ComputeRoi(const RoiInput& in) {
  RoiResult r;
  if (!in.has_scope) {
    r.before = r.during = r.after = Empty(WindowState::kNoScope);
    return r;
  }
  Windows w = Place(in);
  if (!w.before) return r;  // no start date: every window says so
  if (in.cancelled) {
    w.after.reset();
    w.after_missing = WindowState::kCancelled;
  }
  r.before = Figures(in.project, *w.before, false);
  r.during = w.during ? Figures(in.project, *w.during, w.during_cut) : Empty(w.during_missing);
  r.after = w.after ? Figures(in.project, *w.after, w.after_cut) : Empty(w.after_missing);

  const auto& b = r.before;
  const auto& a = r.after;
  if (b.procedures_per_pound && a.procedures_per_pound) {
    r.change.per_pound = *a.procedures_per_pound - *b.procedures_per_pound;
    if (*b.procedures_per_pound > 0) r.change.per_pound_percent = *r.change.per_pound / *b.procedures_per_pound * 100.0;
  }
  if (b.procedures_per_month && a.procedures_per_month) {
    r.change.per_month = *a.procedures_per_month - *b.procedures_per_month;
    // activity/README.md: investment return = (N_after/m_after − N_before/m_before) × m_after / investment.
    if (in.investment_pence > 0)
      r.investment_return = *r.change.per_month * a.months_with_data / (static_cast<double>(in.investment_pence) / 100.0);
  }

  if (in.has_comparator) {
    r.comparator_before = Figures(in.comparator, *w.before, false);
    if (w.after) r.comparator_after = Figures(in.comparator, *w.after, w.after_cut);
    const auto& cb = *r.comparator_before;
    if (r.comparator_after) {
      const auto& ca = *r.comparator_after;
      if (r.change.per_pound && cb.procedures_per_pound && ca.procedures_per_pound)
        r.net_change_per_pound = *r.change.per_pound - (*ca.procedures_per_pound - *cb.procedures_per_pound);
      if (r.change.per_month && cb.procedures_per_month && ca.procedures_per_month)
        r.net_change_per_month = *r.change.per_month - (*ca.procedures_per_month - *cb.procedures_per_month);
    }
  }
  return r;
}

namespace {
std::string StateWords(WindowState state) {
  switch (state) {
    case WindowState::kComplete: return "complete";
    case WindowState::kPartial: return "partial (data so far)";
    case WindowState::kNoData: return "no activity recorded";
    case WindowState::kNotStarted: return "the project has not started";
    case WindowState::kNotReached: return "not reached yet (the project is running or just ended)";
    case WindowState::kNoDates: return "the project has no start date";
    case WindowState::kNoSpend: return "no spend recorded";
    case WindowState::kPartialCoverage: return "partial coverage (some months have no data)";
    case WindowState::kNoScope: return "the project has no consortium, so no activity is in its scope";
    case WindowState::kCancelled: return "the project was cancelled";
  }
  return "";
}
}  // namespace

std::string NoChangeReason(const RoiResult& result) {
  if (result.change.per_pound) return "";
  if (!result.after.procedures_per_pound) return "the after window: " + StateWords(result.after.state);
  if (!result.before.procedures_per_pound) return "the before window: " + StateWords(result.before.state);
  return "no change could be computed";
}

}  // namespace kmhub::domain
