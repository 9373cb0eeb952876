#include "server/surveys/survey_results.h"

#include <map>

namespace kmhub::domain {

std::vector<QuestionWaveResult> BuildSurveyResults(const std::vector<ResultWave>& waves,
                                                   const std::vector<ResultQuestion>& questions,
                                                   const std::vector<TallyCount>& tallies) {
  // (wave, question) → kind → score → answers
  std::map<std::pair<std::int64_t, std::int64_t>, std::map<int, std::map<int, long long>>> counts;
  for (const auto& t : tallies) counts[{t.wave_id, t.question_id}][t.organisation_kind][t.score] += t.answers;

  std::vector<QuestionWaveResult> out;
  std::vector<std::optional<std::pair<std::string, QuestionFigures>>> previous(questions.size());
  for (std::size_t w = 0; w < waves.size(); ++w) {
    for (std::size_t q = 0; q < questions.size(); ++q) {
      QuestionWaveResult r;
      r.wave = w;
      r.question = q;
      std::map<int, long long> all;
      if (auto c = counts.find({waves[w].id, questions[q].id}); c != counts.end()) {
        for (const auto& [kind, scores] : c->second) {
          for (const auto& [score, n] : scores) all[score] += n;
          r.by_kind.push_back({kind, Summarise(questions[q].scale, scores)});
        }
      }
      r.overall = Summarise(questions[q].scale, all);
      if (previous[q]) {
        r.previous_wave = previous[q]->first;
        r.change = ChangeBetween(previous[q]->second, r.overall);
      }
      if (r.overall.n > 0) previous[q] = std::make_pair(waves[w].label, r.overall);
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace kmhub::domain
