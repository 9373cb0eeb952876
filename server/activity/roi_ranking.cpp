#include "server/activity/roi_ranking.h"

#include <algorithm>
#include <cmath>

namespace kmhub::domain {

namespace {
// Changes are percentages worked out in floating point; closer than this they are equal.
constexpr double kSame = 1e-9;
}  // namespace

std::optional<double> MedianWithout(const std::vector<double>& sorted, std::size_t skip) {
  if (sorted.size() < 2) return std::nullopt;
  const std::size_t n = sorted.size() - 1;
  const auto at = [&](std::size_t k) { return sorted[k < skip ? k : k + 1]; };
  return n % 2 ? at(n / 2) : (at(n / 2 - 1) + at(n / 2)) / 2.0;
}

std::optional<double> Median(const std::vector<double>& sorted) {
  if (sorted.empty()) return std::nullopt;
  const std::size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

std::vector<RankEntry> RankByChange(const std::vector<RankInput>& projects) {
  std::vector<std::size_t> ranked, unranked;
  for (std::size_t i = 0; i < projects.size(); ++i)
    (projects[i].change_percent ? ranked : unranked).push_back(i);
  std::sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
    const double x = *projects[a].change_percent, y = *projects[b].change_percent;
    return x != y ? x > y : projects[a].code < projects[b].code;
  });
  std::sort(unranked.begin(), unranked.end(),
            [&](std::size_t a, std::size_t b) { return projects[a].code < projects[b].code; });

  // Ascending changes; ranked is descending, so position p in ranked is n-1-p here.
  std::vector<double> ascending;
  for (auto it = ranked.rbegin(); it != ranked.rend(); ++it) ascending.push_back(*projects[*it].change_percent);

  std::vector<RankEntry> out;
  out.reserve(projects.size());
  for (std::size_t p = 0; p < ranked.size(); ++p) {
    RankEntry e;
    e.index = ranked[p];
    e.rank = static_cast<int>(p) + 1;
    e.peer_median = MedianWithout(ascending, ranked.size() - 1 - p);
    if (!e.peer_median) {
      e.benchmark = Benchmark::kNoPeers;
    } else {
      e.versus_median = *projects[e.index].change_percent - *e.peer_median;
      e.benchmark = std::abs(*e.versus_median) <= kSame ? Benchmark::kAtMedian
                    : *e.versus_median > 0              ? Benchmark::kAboveMedian
                                                        : Benchmark::kBelowMedian;
    }
    out.push_back(e);
  }
  for (auto i : unranked) out.push_back({i, 0, std::nullopt, std::nullopt, Benchmark::kNotRanked});
  return out;
}

}  // namespace kmhub::domain
