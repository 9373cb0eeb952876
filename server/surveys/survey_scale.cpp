#include "server/surveys/survey_scale.h"

#include <array>
#include <cctype>

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

namespace {

constexpr std::array<std::string_view, 5> kAgreement = {"strongly disagree", "disagree", "neither agree nor disagree",
                                                        "agree", "strongly agree"};
constexpr std::array<std::string_view, 5> kRating = {"very poor", "poor", "fair", "good", "very good"};

// Lower case, single spaces, no surrounding spaces or trailing full stop: "Strongly  Agree." →
// "strongly agree". Curly apostrophes become straight ones ("Don’t know").
std::string Normal(std::string_view raw) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == 0xE2 && i + 2 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(raw[i + 2]) == 0x98 || static_cast<unsigned char>(raw[i + 2]) == 0x99)) {
      out += '\'';
      i += 2;
      space = false;
      continue;
    }
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(c));
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

bool NoAnswer(const std::string& n) {
  static const std::array<std::string_view, 11> kNone = {
      "",    "don't know", "dont know", "do not know", "n/a", "na", "not applicable", "no opinion", "-oth-", "prefer not to say",
      "-"};
  for (auto none : kNone)
    if (n == none) return true;
  return false;
}

// "1".."5", or LimeSurvey's "A1".."A5".
std::optional<int> Code(const std::string& n) {
  if (n.size() == 1 && n[0] >= '1' && n[0] <= '5') return n[0] - '0';
  if (n.size() == 2 && n[0] == 'a' && n[1] >= '1' && n[1] <= '5') return n[1] - '0';
  return std::nullopt;
}

std::optional<int> Label(const std::array<std::string_view, 5>& labels, const std::string& n) {
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (n == labels[i]) return static_cast<int>(i) + 1;
  return std::nullopt;
}

}  // namespace

bool IsValidScale(int scale) { return scale >= 1 && scale <= 4; }

Expected<ScoredAnswer> ScoreAnswer(Scale scale, std::string_view raw) {
  ScoredAnswer a;
  if (scale == Scale::kFreeText) {
    a.text = WithLineFeeds(Trim(raw));
    a.answered = !a.text.empty();
    // The text rules of every stored text (no NUL or control characters, UTF-8), at most 4,000
    // characters. Line breaks are kept: free-text answers have them.
    if (auto problem = TextProblem(a.text, 0, kMaxFreeTextAnswer); !problem.empty())
      return InvalidArgument("BAD_ANSWER_TEXT", "free text " + problem);
    return a;
  }
  const std::string n = Normal(raw);
  if (NoAnswer(n)) return a;
  std::optional<int> score;
  const char* accepts = "";
  switch (scale) {
    case Scale::kAgreement5:
      score = Label(kAgreement, n);
      if (!score && (n == "neither agree or disagree" || n == "neutral" || n == "neither")) score = 3;
      if (!score) score = Code(n);
      accepts = "strongly disagree, disagree, neither agree nor disagree, agree, strongly agree, or 1-5";
      break;
    case Scale::kRating5:
      score = Label(kRating, n);
      if (!score && (n == "average" || n == "neither good nor poor" || n == "adequate")) score = 3;
      if (!score && n == "excellent") score = 5;
      if (!score) score = Code(n);
      accepts = "very poor, poor, fair, good, very good, or 1-5";
      break;
    case Scale::kYesNo:
      if (n == "yes" || n == "y" || n == "1" || n == "a1") score = 1;
      if (n == "no" || n == "n" || n == "0" || n == "2" || n == "a2") score = 0;
      accepts = "yes or no (Y/N, 1/0)";
      break;
    case Scale::kFreeText: break;
  }
  if (!score)
    return InvalidArgument("UNKNOWN_ANSWER", "'" + std::string(raw.substr(0, 40)) + "' is not an answer on this scale (" +
                                                 accepts + "; \"Don't know\" and blank count as no answer)");
  a.answered = true;
  a.score = score;
  return a;
}

bool IsPositive(Scale scale, int score) { return scale == Scale::kYesNo ? score == 1 : score >= 4; }

std::string ScoreLabel(Scale scale, int score) {
  switch (scale) {
    case Scale::kAgreement5: return score >= 1 && score <= 5 ? std::string(kAgreement[score - 1]) : "";
    case Scale::kRating5: return score >= 1 && score <= 5 ? std::string(kRating[score - 1]) : "";
    case Scale::kYesNo: return score == 1 ? "yes" : score == 0 ? "no" : "";
    case Scale::kFreeText: return "";
  }
  return "";
}

}  // namespace kmhub::domain
