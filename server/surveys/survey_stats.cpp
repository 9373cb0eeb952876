#include "server/surveys/survey_stats.h"

#include <cmath>

namespace kmhub::domain {

std::optional<Interval> WilsonInterval(long long positive, long long n, double z) {
  if (n <= 0) return std::nullopt;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(positive) / nn;
  const double z2 = z * z;
  const double denominator = 1.0 + z2 / nn;
  const double centre = (p + z2 / (2.0 * nn)) / denominator;
  const double half = z * std::sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / denominator;
  return Interval{std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::optional<double> TwoProportionZ(long long x1, long long n1, long long x2, long long n2) {
  if (n1 <= 0 || n2 <= 0) return std::nullopt;
  const double p1 = static_cast<double>(x1) / static_cast<double>(n1);
  const double p2 = static_cast<double>(x2) / static_cast<double>(n2);
  const double pooled = static_cast<double>(x1 + x2) / static_cast<double>(n1 + n2);
  const double se = std::sqrt(pooled * (1.0 - pooled) * (1.0 / static_cast<double>(n1) + 1.0 / static_cast<double>(n2)));
  if (se <= 0) return std::nullopt;
  return (p2 - p1) / se;
}

QuestionFigures Summarise(Scale scale, const std::map<int, long long>& distribution) {
  QuestionFigures f;
  f.distribution = distribution;
  if (scale == Scale::kFreeText) {
    for (const auto& [score, count] : distribution) f.n += count;
    return f;
  }
  long long sum = 0;
  for (const auto& [score, count] : distribution) {
    f.n += count;
    sum += static_cast<long long>(score) * count;
    if (IsPositive(scale, score)) f.positive += count;
  }
  if (f.n == 0) return f;
  if (scale != Scale::kYesNo) f.mean = static_cast<double>(sum) / static_cast<double>(f.n);
  f.percent_positive = 100.0 * static_cast<double>(f.positive) / static_cast<double>(f.n);
  if (auto w = WilsonInterval(f.positive, f.n)) f.interval = Interval{w->low * 100.0, w->high * 100.0};
  return f;
}

std::optional<WaveChange> ChangeBetween(const QuestionFigures& previous, const QuestionFigures& current) {
  if (!previous.percent_positive || !current.percent_positive) return std::nullopt;
  WaveChange c;
  c.points = *current.percent_positive - *previous.percent_positive;
  c.z = TwoProportionZ(previous.positive, previous.n, current.positive, current.n);
  c.significant = c.z && std::abs(*c.z) >= 1.96;
  return c;
}

}  // namespace kmhub::domain
