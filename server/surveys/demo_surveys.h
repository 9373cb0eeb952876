#pragma once
// Demo survey responses loaded with `--demo`: three waves of the PBC and provider surveys, as
// practice staff and partner organisations might have answered them — "Agreed a commissioning
// plan" rises wave on wave and "Rating of information" stays low, as in the national PBC survey.

#include <map>
#include <string>
#include <vector>

namespace kmhub::domain {

struct DemoSurveyResponse {
  std::string respondent_id;
  std::string organisation_key;  // from PartnerDemoData()
  std::string submitted;         // YYYY-MM-DDTHH:MM:SS
  std::map<std::string, std::string> answers;  // question code → the answer as a survey tool exports it
};

struct DemoSurveyWave {
  std::string survey_code, label, opens, closes;
  std::vector<DemoSurveyResponse> responses;
};

struct DemoSurveySet {
  std::string version;
  std::vector<DemoSurveyWave> waves;
};

const DemoSurveySet& SurveyDemoData();

}  // namespace kmhub::domain
