#pragma once
// What makes a survey definition valid: PCTs run more surveys than the two the competencies name
// (carers, patient groups, practice managers), and an admin defines them (title, audience,
// questions with code, text and scale). Pure: the API checks a definition before the store
// writes it.

#include "server/surveys/records.h"
#include "shared/error.h"

namespace kmhub::domain {

inline constexpr std::size_t kMaxSurveyQuestions = 100;

// Trims and checks, violations under `survey.`: the code 2–20 lower-case letters, digits and
// '-' (it names the survey: surveys/{code}); a title of 1–200 characters; a known audience;
// 1–100 questions, each with a code of 1–20 letters, digits and '_' unique in the survey (case
// aside: export headings are matched without case), a text of 1–2,000 characters and a known
// scale. Positions are set 1, 2, … in the order given.
Outcome NormaliseSurveyDefinition(store::SurveyRecord& survey);

}  // namespace kmhub::domain
