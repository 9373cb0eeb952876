#pragma once
// Surveys of partners and clinicians: questions with their scales, waves, responses and their
// answers, and the imports that brought them in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kmhub::store {

// kmhub.v1.SurveyFileFormat, by name and implicitly int (survey_api.cpp asserts each value).
struct SurveyFileFormat {
  enum : int { kUnspecified = 0, kKmhub = 1, kLimeSurvey = 2, kSurveyMonkey = 3, kLast = kSurveyMonkey };
};

// kmhub.v1.SurveyAudience and kmhub.v1.QuestionScale, the same way.
struct SurveyAudience {
  enum : int { kUnspecified = 0, kProviders = 1, kPbcPractices = 2, kClinicians = 3, kPartners = 4, kLast = kPartners };
};
struct QuestionScale {
  enum : int { kUnspecified = 0, kAgreement5 = 1, kRating5 = 2, kYesNo = 3, kFreeText = 4, kLast = kFreeText };
};

struct SurveyQuestionRecord {
  std::int64_t id = 0;
  std::string code;
  int position = 0;
  std::string text;
  int scale = 0;  // kmhub.v1.QuestionScale
};

struct SurveyWaveRecord {
  std::int64_t id = 0;
  std::string label;  // "2009-Q4"
  std::string opens, closes;  // YYYY-MM-DD
  long long responses = 0;
};

struct SurveyRecord {
  std::int64_t id = 0;
  std::string code;  // surveys/{code}
  std::string title;
  int audience = 0;  // kmhub.v1.SurveyAudience
  std::string description;
  std::vector<SurveyQuestionRecord> questions;  // by position
  std::vector<SurveyWaveRecord> waves;          // by opening date
};

struct SurveyAnswerRecord {
  std::int64_t question_id = 0;
  std::optional<int> score;
  std::string text;
};

struct SurveyResponseRecord {
  std::string respondent_id;
  std::optional<std::int64_t> organisation_id;
  std::string submitted;
  std::vector<SurveyAnswerRecord> answers;
};

struct SurveyImportRecord {
  std::int64_t id = 0;
  std::string survey_code, wave_label;
  std::string actor, file_name, sha256;
  int format = 0;  // kmhub.v1.SurveyFileFormat
  long long rows_accepted = 0, rows_replaced = 0;
  std::int64_t imported_micros = 0, undone_micros = 0;
  bool replayed = false;  // Import's answer to a request id it had seen: nothing was written now
};

// Answers of one wave and question, by the respondent organisation's kind and the score.
struct SurveyTally {
  std::int64_t wave_id = 0, question_id = 0;
  int organisation_kind = 0;  // 0: no organisation given
  int score = 0;              // -1: a free-text answer
  long long answers = 0;
};

}  // namespace kmhub::store
