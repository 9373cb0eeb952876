#pragma once
// Reading a survey export (admin tooling, surveys/README.md) in kmhub's own CSV, LimeSurvey's
// question-code CSV or SurveyMonkey's two-header-row CSV. Columns are tied to the survey's
// questions and to the respondent's id, organisation and submission time by a mapping (or by
// each format's defaults); everything else in the export is ignored and never stored. The file
// is validated in full: every rejected row is reported with line, column, value and reason.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/platform/rules/import_file.h"
#include "server/surveys/survey_scale.h"
#include "shared/error.h"

namespace kmhub::domain {

enum class SurveyFormat { kKmhub, kLimeSurvey, kSurveyMonkey };

struct SurveyQuestionRef {
  std::int64_t id = 0;
  std::string code;  // "PBC1"
  std::string text;
  Scale scale = Scale::kAgreement5;
};

struct ParsedAnswer {
  std::int64_t question_id = 0;
  std::optional<int> score;  // none for free text
  std::string text;
};

struct ParsedResponse {
  int line = 0;
  std::string respondent_id;
  std::optional<std::int64_t> organisation_id;
  std::string submitted;  // "YYYY-MM-DDTHH:MM:SS", or "" when the export has no time
  std::vector<ParsedAnswer> answers;  // answered questions only
};

struct SurveyFile {
  std::vector<ParsedResponse> responses;
  std::vector<ImportProblem> problems;  // empty: the file may be written
  int rows_read = 0;
  int skipped_incomplete = 0;                  // LimeSurvey rows never submitted
  std::map<std::string, std::string> columns;  // export heading → what it was read as
  std::vector<std::string> ignored_columns;    // headings read as nothing
};

// Mapping targets besides question codes.
inline constexpr const char* kRespondentTarget = "respondent";
inline constexpr const char* kOrganisationTarget = "organisation";
inline constexpr const char* kSubmittedTarget = "submitted";
inline constexpr const char* kIgnoreTarget = "ignore";

// `mapping`: export heading → target (a question code, or one of the targets above); it
// overrides the format's defaults. INVALID_ARGUMENT for a file that cannot be read at all
// (malformed CSV, no respondent or question column, a mapping naming a column the file lacks
// or a target that is not a question of the survey).
Expected<SurveyFile> ReadSurveyFile(std::string_view text, SurveyFormat format,
                                    const std::map<std::string, std::string>& mapping,
                                    const std::vector<SurveyQuestionRef>& questions, const OdsLookup& organisation,
                                    std::size_t max_rows, std::size_t max_problems = 1000);

// The format a file is in, from its headings alone (a mapping given beside it changes nothing):
// LimeSurvey's code and full-text exports ("id"/"Response ID" with "submitdate"/"Date
// submitted", "lastpage"/"Last page" or "startlanguage"/"Start language"), SurveyMonkey's
// ("Respondent ID"), else kmhub's; comma or semicolon separated, with or without a BOM.
SurveyFormat DetectSurveyFormat(std::string_view text);

// Responses submitted outside a wave's dates [opens, closes] (YYYY-MM-DD, both included):
// how many, the earliest and latest such date, and a problem for each (for --strict-dates).
// Responses without a submission time are not counted.
struct OutsideWave {
  int responses = 0;
  std::string earliest, latest;  // YYYY-MM-DD
  std::vector<ImportProblem> problems;
};
OutsideWave ResponsesOutsideWave(const std::vector<ParsedResponse>& responses, const std::string& opens,
                                 const std::string& closes, const std::string& submitted_column);

// A mapping file: one "export column = target" per line ('#' starts a comment). The last '='
// splits, so headings may contain '='.
Expected<std::map<std::string, std::string>> ParseSurveyMapping(std::string_view text);

// "2009-11-24 10:15:03", "2009-11-24T10:15:03Z", "2009-11-24", "11/24/2009 10:15:03 AM" (a
// SurveyMonkey time) → "2009-11-24T10:15:03"; none for anything else.
std::optional<std::string> NormaliseSubmitted(std::string_view text);

// One error with a field violation per problem ("line 12: PBC3").
inline Error SurveyProblems(const std::vector<ImportProblem>& problems) {
  return ProblemsInFile("INVALID_SURVEY_ROWS", problems);
}

}  // namespace kmhub::domain
