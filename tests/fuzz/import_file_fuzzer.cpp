// Fuzz target: the admin import files — survey exports in the three formats (with a mapping),
// activity and procedure-catalogue CSV, and the answers and times inside them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/activity/activity_csv.h"
#include "server/surveys/survey_file.h"

using namespace kmhub::domain;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const std::vector<SurveyQuestionRef> questions = {{1, "PBC1", "Agreed a commissioning plan", Scale::kYesNo},
                                                           {2, "PBC2", "Rating of information", Scale::kRating5},
                                                           {3, "PBC3", "Engages all clinicians", Scale::kAgreement5},
                                                           {4, "PBC4", "Comments", Scale::kFreeText}};
  const auto lookup = [](const std::string& ods) -> std::optional<std::int64_t> {
    if (ods == "D81001") return 1;
    return std::nullopt;
  };
  for (auto format : {SurveyFormat::kKmhub, SurveyFormat::kLimeSurvey, SurveyFormat::kSurveyMonkey}) {
    auto file = ReadSurveyFile(text, format, {}, questions, lookup, 1000, 20);
    if (file) {
      // Accepted responses carry only answers on their question's scale.
      for (const auto& r : file->responses) {
        if (r.respondent_id.empty()) __builtin_trap();
        for (const auto& a : r.answers)
          if (a.score && (*a.score < 0 || *a.score > 5)) __builtin_trap();
      }
      if (!file->problems.empty()) (void)SurveyProblems(file->problems);
    }
  }
  (void)ReadSurveyFile(text, SurveyFormat::kLimeSurvey, {{"ODS", "organisation"}, {"Q1", "PBC1"}}, questions, lookup,
                       1000, 20);
  (void)ParseSurveyMapping(text);
  (void)NormaliseSubmitted(text);
  for (auto scale : {Scale::kAgreement5, Scale::kRating5, Scale::kYesNo, Scale::kFreeText})
    (void)ScoreAnswer(scale, text.substr(0, 200));
  static const std::vector<kmhub::store::ProcedureRecord> catalogue = {{"W371", 1, "Hip", {{2009, 500000}}}};
  if (auto activity = ReadActivityFile(text, lookup, catalogue, 1000, 20); activity && !activity->problems.empty())
    (void)ActivityProblems(activity->problems);
  (void)ReadCatalogueFile(text, 1000);
  return 0;
}
