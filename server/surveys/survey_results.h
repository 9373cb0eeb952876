#pragma once
// A survey's results from its tallies (answers counted per wave, question, respondent
// organisation kind and score): per question and wave the figures of survey_stats, the change
// from the previous wave that had answers to the question, and a breakdown by kind.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/surveys/survey_stats.h"

namespace kmhub::domain {

struct TallyCount {
  std::int64_t wave_id = 0, question_id = 0;
  int organisation_kind = 0;
  int score = 0;  // -1: free text
  long long answers = 0;
};

struct ResultWave {
  std::int64_t id = 0;
  std::string label;
};

struct ResultQuestion {
  std::int64_t id = 0;
  Scale scale = Scale::kAgreement5;
};

struct KindFigures {
  int organisation_kind = 0;
  QuestionFigures figures;
};

struct QuestionWaveResult {
  std::size_t wave = 0, question = 0;  // indexes into the inputs
  QuestionFigures overall;
  std::string previous_wave;  // "" when there is none with answers
  std::optional<WaveChange> change;
  std::vector<KindFigures> by_kind;
};

// `waves` in time order, `questions` in position order; one result per wave and question,
// by wave then question.
std::vector<QuestionWaveResult> BuildSurveyResults(const std::vector<ResultWave>& waves,
                                                   const std::vector<ResultQuestion>& questions,
                                                   const std::vector<TallyCount>& tallies);

}  // namespace kmhub::domain
