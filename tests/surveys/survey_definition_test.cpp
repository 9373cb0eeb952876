#include "server/surveys/survey_definition.h"

#include <catch2/catch.hpp>

using namespace kmhub;
using namespace kmhub::domain;

namespace {
store::SurveyRecord Carers() {
  store::SurveyRecord s;
  s.code = " carers-2010 ";
  s.title = "Carers' experience of commissioned services";
  s.audience = store::SurveyAudience::kPartners;
  s.questions = {{0, "CAR1", 0, "The PCT listens to carers", store::QuestionScale::kAgreement5},
                 {0, "CAR2", 0, "Rating of respite services", store::QuestionScale::kRating5},
                 {0, "CAR3", 0, "Anything else?", store::QuestionScale::kFreeText}};
  return s;
}

std::vector<std::string> Fields(const Outcome& outcome) {
  std::vector<std::string> out;
  if (!outcome)
    for (const auto& v : outcome.error().violations) out.push_back(v.field);
  return out;
}
}  // namespace

TEST_CASE("a survey definition is trimmed and its questions numbered in the order given") {
  auto s = Carers();
  REQUIRE(NormaliseSurveyDefinition(s));
  CHECK(s.code == "carers-2010");
  CHECK(s.questions[0].position == 1);
  CHECK(s.questions[2].position == 3);
}

TEST_CASE("a survey definition names every field it breaks") {
  auto s = Carers();
  s.code = "Carers 2010";
  s.title = "";
  s.audience = 9;
  s.questions[1].code = "car1";  // the same code as CAR1, case aside
  s.questions[2].scale = 0;
  s.questions.push_back({0, "CAR 4", 0, "", store::QuestionScale::kYesNo});
  const auto outcome = NormaliseSurveyDefinition(s);
  REQUIRE_FALSE(outcome);
  CHECK(outcome.error().reason == "INVALID_SURVEY");
  CHECK(Fields(outcome) == std::vector<std::string>{"survey.name", "survey.title", "survey.audience",
                                                    "survey.questions[1].code", "survey.questions[2].scale",
                                                    "survey.questions[3].code", "survey.questions[3].text"});
  s = Carers();
  s.questions.clear();
  CHECK(Fields(NormaliseSurveyDefinition(s)) == std::vector<std::string>{"survey.questions"});
}
