#include "server/activity/roi_ranking.h"

#include <catch2/catch.hpp>

using namespace kmhub::domain;
using Catch::Detail::Approx;

TEST_CASE("Projects are ranked by percentage change, largest first, unranked ones last by code") {
  const std::vector<RankInput> in = {
      {"P-C", 10.0}, {"P-A", std::nullopt}, {"P-B", 40.0}, {"P-E", -5.0}, {"P-D", 10.0}, {"P-0", std::nullopt}};
  const auto out = RankByChange(in);
  REQUIRE(out.size() == 6);
  std::vector<std::string> order;
  for (const auto& e : out) order.push_back(in[e.index].code);
  // Equal changes keep a stable order by code.
  CHECK(order == std::vector<std::string>{"P-B", "P-C", "P-D", "P-E", "P-0", "P-A"});
  CHECK(out[0].rank == 1);
  CHECK(out[3].rank == 4);
  CHECK(out[4].rank == 0);
  CHECK(out[4].benchmark == Benchmark::kNotRanked);
  CHECK_FALSE(out[4].peer_median);
}

TEST_CASE("Each project is benchmarked against the median of the other ranked projects") {
  // Changes 40, 10, 10, -5 (P-B, P-C, P-D, P-E).
  const std::vector<RankInput> in = {{"P-B", 40.0}, {"P-C", 10.0}, {"P-D", 10.0}, {"P-E", -5.0}};
  const auto out = RankByChange(in);
  // P-B: peers 10, 10, -5 → median 10; 30 points above.
  CHECK(*out[0].peer_median == Approx(10.0));
  CHECK(*out[0].versus_median == Approx(30.0));
  CHECK(out[0].benchmark == Benchmark::kAboveMedian);
  // P-C: peers 40, 10, -5 → median 10; at the median.
  CHECK(*out[1].peer_median == Approx(10.0));
  CHECK(out[1].benchmark == Benchmark::kAtMedian);
  // P-E: peers 40, 10, 10 → median 10; 15 points below.
  CHECK(*out[3].versus_median == Approx(-15.0));
  CHECK(out[3].benchmark == Benchmark::kBelowMedian);
}

TEST_CASE("With an even number of peers the median is the mean of the middle two") {
  const std::vector<RankInput> in = {{"P-A", 1.0}, {"P-B", 2.0}, {"P-C", 4.0}};
  const auto out = RankByChange(in);
  // P-C (rank 1): peers 1 and 2 → 1.5.
  CHECK(in[out[0].index].code == "P-C");
  CHECK(*out[0].peer_median == Approx(1.5));
  // P-B: peers 1 and 4 → 2.5, so P-B is below it.
  CHECK(*out[1].peer_median == Approx(2.5));
  CHECK(out[1].benchmark == Benchmark::kBelowMedian);
}

TEST_CASE("A project ranked alone has no peers") {
  const auto out = RankByChange({{"P-A", 12.5}, {"P-B", std::nullopt}});
  CHECK(out[0].rank == 1);
  CHECK(out[0].benchmark == Benchmark::kNoPeers);
  CHECK_FALSE(out[0].peer_median);
  CHECK(out[1].benchmark == Benchmark::kNotRanked);
  CHECK(RankByChange({}).empty());
}

TEST_CASE("MedianWithout skips one value of a sorted list") {
  const std::vector<double> v = {1, 2, 3, 10};
  CHECK(*MedianWithout(v, 0) == Approx(3));
  CHECK(*MedianWithout(v, 3) == Approx(2));
  CHECK(*MedianWithout(v, 1) == Approx(3));
  CHECK_FALSE(MedianWithout({5}, 0));
}

TEST_CASE("median: the middle value, or the mean of the two middle ones, and none of nothing") {
  CHECK_FALSE(Median({}).has_value());
  CHECK(*Median({4.0}) == 4.0);
  CHECK(*Median({1.0, 2.0, 10.0}) == 2.0);
  CHECK(*Median({1.0, 2.0, 4.0, 10.0}) == 3.0);
}
