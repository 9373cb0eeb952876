#include "server/surveys/survey_scale.h"

#include <catch2/catch.hpp>

using namespace kmhub::domain;

namespace {
std::optional<int> Score(Scale scale, const std::string& raw) {
  auto a = ScoreAnswer(scale, raw);
  REQUIRE(a);
  return a->score;
}
}  // namespace

TEST_CASE("Agreement labels, numeric codes and LimeSurvey answer codes become scores 1-5") {
  CHECK(Score(Scale::kAgreement5, "Strongly disagree") == 1);
  CHECK(Score(Scale::kAgreement5, "disagree") == 2);
  CHECK(Score(Scale::kAgreement5, "Neither agree nor disagree") == 3);
  CHECK(Score(Scale::kAgreement5, "  AGREE ") == 4);
  CHECK(Score(Scale::kAgreement5, "Strongly  agree.") == 5);
  CHECK(Score(Scale::kAgreement5, "3") == 3);
  CHECK(Score(Scale::kAgreement5, "A5") == 5);
  CHECK(Score(Scale::kRating5, "Very poor") == 1);
  CHECK(Score(Scale::kRating5, "Fair") == 3);
  CHECK(Score(Scale::kRating5, "Very good") == 5);
  CHECK(Score(Scale::kRating5, "a2") == 2);
  CHECK(Score(Scale::kYesNo, "Yes") == 1);
  CHECK(Score(Scale::kYesNo, "Y") == 1);
  CHECK(Score(Scale::kYesNo, "no") == 0);
  CHECK(Score(Scale::kYesNo, "N") == 0);
}

TEST_CASE("Don't know, N/A and blanks are no answer, and anything else off the scale is an error") {
  for (const char* none : {"", "  ", "Don't know", "Don\u2019t know", "DONT KNOW", "N/A", "Not applicable", "-oth-"}) {
    INFO(none);
    auto a = ScoreAnswer(Scale::kAgreement5, none);
    REQUIRE(a);
    CHECK_FALSE(a->answered);
  }
  auto bad = ScoreAnswer(Scale::kAgreement5, "Agree strongly");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("'Agree strongly' is not an answer on this scale") != std::string::npos);
  CHECK_FALSE(ScoreAnswer(Scale::kRating5, "6"));
  CHECK_FALSE(ScoreAnswer(Scale::kYesNo, "maybe"));
  auto text = ScoreAnswer(Scale::kFreeText, "  Slow to reply, but improving ");
  REQUIRE(text);
  CHECK(text->answered);
  CHECK_FALSE(text->score);
  CHECK(text->text == "Slow to reply, but improving");
}

TEST_CASE("Positive answers and labels") {
  CHECK(IsPositive(Scale::kAgreement5, 4));
  CHECK_FALSE(IsPositive(Scale::kAgreement5, 3));
  CHECK(IsPositive(Scale::kYesNo, 1));
  CHECK_FALSE(IsPositive(Scale::kYesNo, 0));
  CHECK(ScoreLabel(Scale::kRating5, 5) == "very good");
  CHECK(ScoreLabel(Scale::kYesNo, 0) == "no");
}
