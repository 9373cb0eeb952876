#pragma once
// Survey statistics (surveys/README.md): per question and wave, n (answers, excluding "don't
// know" and blanks), the distribution, the mean score, % positive with a Wilson 95% interval,
// and the change from the previous wave with a two-proportion z-test. Pure arithmetic over
// counts that the store aggregates in SQL.

#include <map>
#include <optional>

#include "server/surveys/survey_scale.h"

namespace kmhub::domain {

inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0, high = 0;
};

// The Wilson score interval for `positive` successes of `n` (none when n is 0).
std::optional<Interval> WilsonInterval(long long positive, long long n, double z = kZ95);

// z for the change from proportion x1/n1 to x2/n2, with the pooled standard error (none when
// either n is 0 or the pooled proportion is 0 or 1, where the test says nothing).
std::optional<double> TwoProportionZ(long long x1, long long n1, long long x2, long long n2);

struct QuestionFigures {
  long long n = 0;
  std::map<int, long long> distribution;  // score → answers
  std::optional<double> mean;             // five-point scales only
  long long positive = 0;
  std::optional<double> percent_positive;
  std::optional<Interval> interval;       // of percent_positive, in percent
};

QuestionFigures Summarise(Scale scale, const std::map<int, long long>& distribution);

struct WaveChange {
  double points = 0;  // percent positive, this wave minus the previous one
  std::optional<double> z;
  bool significant = false;  // |z| ≥ 1.96
};

std::optional<WaveChange> ChangeBetween(const QuestionFigures& previous, const QuestionFigures& current);

}  // namespace kmhub::domain
