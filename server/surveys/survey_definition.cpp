#include "server/surveys/survey_definition.h"

#include <set>

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

namespace {

bool IsSurveyCode(const std::string& code) {
  if (code.size() < 2 || code.size() > 20) return false;
  for (char c : code)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

bool IsQuestionCode(const std::string& code) {
  if (code.empty() || code.size() > 20) return false;
  for (char c : code)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

Outcome NormaliseSurveyDefinition(store::SurveyRecord& s) {
  s.code = Trim(s.code);
  s.title = Trim(s.title);
  s.description = Trim(s.description);
  Violations v;
  if (!IsSurveyCode(s.code)) v.Add("survey.name", "'" + s.code.substr(0, 40) + "' is not a survey code: 2 to 20 lower-case letters, digits and '-'");
  CheckText(v, "survey.title", s.title, 1, kMaxNameLength);
  CheckText(v, "survey.description", s.description, 0, kMaxTextLength);
  if (s.audience <= 0 || s.audience > store::SurveyAudience::kLast)
    v.Add("survey.audience", "choose who answers: providers, pbc-practices, clinicians or partners");
  if (s.questions.empty()) v.Add("survey.questions", "a survey needs at least one question");
  if (s.questions.size() > kMaxSurveyQuestions)
    v.Add("survey.questions", "has " + std::to_string(s.questions.size()) + " questions; at most " +
                                  std::to_string(kMaxSurveyQuestions) + " are allowed");
  std::set<std::string> codes;
  int position = 0;
  for (auto& q : s.questions) {
    const std::string at = "survey.questions[" + std::to_string(position) + "]";
    q.code = Trim(q.code);
    q.text = Trim(q.text);
    q.position = ++position;
    if (!IsQuestionCode(q.code))
      v.Add(at + ".code", "'" + q.code.substr(0, 40) + "' is not a question code: 1 to 20 letters, digits and '_'");
    else if (!codes.insert(AsciiLower(q.code)).second)
      v.Add(at + ".code", "question " + q.code + " is listed twice");
    CheckText(v, at + ".text", q.text, 1, kMaxTextLength);
    if (q.scale <= 0 || q.scale > store::QuestionScale::kLast)
      v.Add(at + ".scale", "choose agreement, rating, yes-no or free-text");
  }
  if (!v.empty()) return v.ToError("INVALID_SURVEY");
  return Ok{};
}

}  // namespace kmhub::domain
