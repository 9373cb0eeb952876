#pragma once
// Ranking projects by their return (activity/README.md, "ROI before/during/after against the
// median of peer projects"). Projects are ranked by the percentage change in procedures per £
// after vs before — a percentage, so that projects whose procedures cost very different
// amounts compare fairly — and each is placed against the median change of its peers: the
// other ranked projects of the same ranking (so a ranking of one consortium benchmarks within
// that consortium, a hub-wide one across the hub).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kmhub::domain {

enum class Benchmark {
  kAboveMedian,
  kAtMedian,
  kBelowMedian,
  kNoPeers,    // ranked, but no other project is
  kNotRanked,  // no change can be worked out (no after window yet, no spend before, …)
};

struct RankInput {
  std::string code;                     // ties are broken by code, for a stable order
  std::optional<double> change_percent;  // % change in procedures per £, after vs before
};

struct RankEntry {
  std::size_t index = 0;  // into the input
  int rank = 0;           // 1 = the largest improvement; 0 when not ranked
  std::optional<double> peer_median;     // median change_percent of the other ranked projects
  std::optional<double> versus_median;   // change_percent − peer_median (percentage points)
  Benchmark benchmark = Benchmark::kNotRanked;
};

// Ranked projects first (largest change first), then the unranked ones by code.
std::vector<RankEntry> RankByChange(const std::vector<RankInput>& projects);

// The median of sorted values without the one at `skip` (none when no value is left).
std::optional<double> MedianWithout(const std::vector<double>& sorted, std::size_t skip);
// The median of ascending values; none when there are none.
std::optional<double> Median(const std::vector<double>& sorted);

}  // namespace kmhub::domain
