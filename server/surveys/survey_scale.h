#pragma once
// Answer scales of survey questions (surveys/README.md) and how an exported answer — a label
// such as "Strongly agree", a numeric code, a LimeSurvey answer code — becomes a score.

#include <optional>
#include <string>
#include <string_view>

#include "shared/error.h"

namespace kmhub::domain {

// kmhub.v1.QuestionScale
enum class Scale : int {
  kAgreement5 = 1,  // strongly disagree (1) … strongly agree (5)
  kRating5 = 2,     // very poor (1) … very good (5)
  kYesNo = 3,       // no (0), yes (1)
  kFreeText = 4,
};

bool IsValidScale(int scale);

struct ScoredAnswer {
  bool answered = false;     // false: blank, "Don't know", "N/A" — not counted in n
  std::optional<int> score;  // 1–5, or 0/1 for yes/no; none for free text
  std::string text;          // free text as given (trimmed)
};

// Characters of a free-text answer (the text rules of text_rules.h apply too).
inline constexpr std::size_t kMaxFreeTextAnswer = 4000;

// An answer as exported, on the question's scale. Accepts the scale's labels in any case and
// spacing ("Strongly agree", "strongly  agree"), numeric codes (1–5; 1/0 and Y/N for yes/no)
// and LimeSurvey's default answer codes (A1–A5). INVALID_ARGUMENT with a description saying
// what the scale accepts when the answer fits none of them.
Expected<ScoredAnswer> ScoreAnswer(Scale scale, std::string_view raw);

// 4 or 5 on a five-point scale, yes on yes/no.
bool IsPositive(Scale scale, int score);

// "strongly agree", "very good", "yes"; "" for a score the scale does not have.
std::string ScoreLabel(Scale scale, int score);

}  // namespace kmhub::domain
