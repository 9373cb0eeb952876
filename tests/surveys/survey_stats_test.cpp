#include "server/surveys/survey_results.h"
#include "server/surveys/survey_stats.h"

#include <catch2/catch.hpp>

using namespace kmhub::domain;
using Catch::Detail::Approx;

// Wilson's interval for k of n, p = k/n, z = 1.959963984540054 (the 97.5th percentile of the
// normal distribution, kZ95): d = 1 + z²/n, centre = (p + z²/2n) / d,
// half-width = (z / d) × sqrt(p(1 − p)/n + z²/4n²), interval = centre ± half-width.
TEST_CASE("Wilson 95% interval at known inputs") {
  // 45 of 100: z²/n = 0.0384146, d = 1.0384146, centre = 0.4692073 / 1.0384146 = 0.4518496749,
  // half-width = 1.8874584 × sqrt(0.0024750 + 0.0000960) = 0.0957042951:
  // 0.3561453798 to 0.5475539700.
  auto w = WilsonInterval(45, 100);
  REQUIRE(w);
  CHECK(w->low == Approx(0.3561453798).epsilon(1e-9));
  CHECK(w->high == Approx(0.5475539700).epsilon(1e-9));
  // At the edges the interval stays inside [0, 1] and is not empty. 0 of 10: centre and
  // half-width are both z²/2n / d = 0.1920730 / 1.3841459 = 0.1387663999, so 0 to 0.2775327999
  // (= z²/(n + z²)). 3 of 5: centre 0.5565517535, half-width 0.3258274722.
  w = WilsonInterval(0, 10);
  CHECK(w->low == Approx(0.0).margin(1e-12));
  CHECK(w->high == Approx(0.2775327999).epsilon(1e-9));
  w = WilsonInterval(3, 5);
  CHECK(w->low == Approx(0.2307242813).epsilon(1e-9));
  CHECK(w->high == Approx(0.8823792258).epsilon(1e-9));
  CHECK_FALSE(WilsonInterval(0, 0));
}

TEST_CASE("Two-proportion z-test at known inputs") {
  // 45/100 → 60/100: pooled 0.525, z = 0.15 / sqrt(0.525 × 0.475 × 0.02) = 2.124.
  CHECK(*TwoProportionZ(45, 100, 60, 100) == Approx(2.1239769762));
  // 30/50 → 33/50: pooled 0.63, z = 0.06 / sqrt(0.63 × 0.37 × (1/50 + 1/50)) = 0.06 / 0.0965609.
  CHECK(*TwoProportionZ(30, 50, 33, 50) == Approx(0.6213697660));
  CHECK_FALSE(TwoProportionZ(0, 10, 0, 20));  // pooled 0: the test says nothing
  CHECK_FALSE(TwoProportionZ(5, 0, 3, 10));
}

TEST_CASE("A question's figures: n excludes no-answers, mean, percent positive, change and significance") {
  // Agreement: 1×2, 2×3, 3×5, 4×6, 5×4 → n 20, mean (2+6+15+24+20)/20 = 3.35, positive 10 (50 %).
  const auto f = Summarise(Scale::kAgreement5, {{1, 2}, {2, 3}, {3, 5}, {4, 6}, {5, 4}});
  CHECK(f.n == 20);
  CHECK(*f.mean == Approx(3.35));
  CHECK(f.positive == 10);
  CHECK(*f.percent_positive == Approx(50));
  CHECK(f.interval->low == Approx(29.9298).epsilon(1e-4));
  const auto yes_no = Summarise(Scale::kYesNo, {{0, 55}, {1, 45}});
  CHECK_FALSE(yes_no.mean);
  CHECK(*yes_no.percent_positive == Approx(45));
  const auto later = Summarise(Scale::kYesNo, {{0, 40}, {1, 60}});
  const auto change = ChangeBetween(yes_no, later);
  REQUIRE(change);
  CHECK(change->points == Approx(15));
  CHECK(*change->z == Approx(2.1239769762));
  CHECK(change->significant);
  const auto small = ChangeBetween(Summarise(Scale::kYesNo, {{0, 20}, {1, 30}}), Summarise(Scale::kYesNo, {{0, 17}, {1, 33}}));
  CHECK_FALSE(small->significant);
}

TEST_CASE("Results per wave and question compare with the previous wave that had answers, and break down by kind") {
  const std::vector<ResultWave> waves = {{1, "2009-Q1"}, {2, "2009-Q2"}, {3, "2009-Q3"}};
  const std::vector<ResultQuestion> questions = {{10, Scale::kYesNo}};
  // Wave 1: GP practices 30 yes of 50, social care 15 of 50; wave 2 has no answers; wave 3: 60 of 100.
  const std::vector<TallyCount> tallies = {{1, 10, 6, 1, 30}, {1, 10, 6, 0, 20}, {1, 10, 10, 1, 15},
                                           {1, 10, 10, 0, 35}, {3, 10, 6, 1, 60},  {3, 10, 6, 0, 40}};
  const auto results = BuildSurveyResults(waves, questions, tallies);
  REQUIRE(results.size() == 3);
  CHECK(results[0].overall.n == 100);
  CHECK(*results[0].overall.percent_positive == Approx(45));
  REQUIRE(results[0].by_kind.size() == 2);
  CHECK(*results[0].by_kind[0].figures.percent_positive == Approx(60));
  CHECK(*results[0].by_kind[1].figures.percent_positive == Approx(30));
  CHECK(results[1].overall.n == 0);
  CHECK_FALSE(results[1].change);
  CHECK(results[2].previous_wave == "2009-Q1");
  CHECK(results[2].change->points == Approx(15));
  CHECK(*results[2].change->z == Approx(2.1239769762));
}
