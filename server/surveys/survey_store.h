#pragma once
// Surveys (surveys/README.md): the surveys and their questions, waves, imported responses
// (one per wave and respondent) and the record of each import, with what it replaced so that
// it can be undone. Results are read from tallies that every import and undo rebuilds in SQL.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/platform/db/database.h"
#include "server/surveys/records.h"
#include "shared/error.h"

namespace kmhub::store {

class SurveyStore {
 public:
  explicit SurveyStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  Expected<std::vector<SurveyRecord>> List();
  // NOT_FOUND SURVEY_NOT_FOUND.
  Expected<SurveyRecord> Get(const std::string& code);
  // A new survey and its questions, in one transaction (the caller has checked the definition);
  // ALREADY_EXISTS SURVEY_EXISTS for a code taken. Returns it as stored, with ids.
  Expected<SurveyRecord> Create(const SurveyRecord& survey);
  // ALREADY_EXISTS WAVE_EXISTS for a label the survey has.
  Expected<SurveyWaveRecord> CreateWave(std::int64_t survey_id, const SurveyWaveRecord& wave);

  // One import in one transaction: each response replaces the wave's response of the same
  // respondent (what it replaced is kept for undo), the import is recorded with the caller as
  // actor, and the wave's tallies are rebuilt. A dry run rolls everything back and returns
  // the figures it would have had. A `request_id` is logged with the import, in its transaction;
  // an import already logged under it (a retry after a lost answer, or one that arrived while the
  // first was still writing) is returned instead, marked `replayed`, and nothing is written.
  Expected<SurveyImportRecord> Import(std::int64_t wave_id, SurveyImportRecord import,
                                      const std::vector<SurveyResponseRecord>& responses, bool dry_run,
                                      const std::string& request_id = "");
  // Newest first; of one survey when survey_id is not 0.
  Expected<std::vector<SurveyImportRecord>> Imports(std::int64_t survey_id, int limit);
  // Takes the import's responses out and puts back what it replaced. Only the latest import
  // of a wave that is not undone can be undone (FAILED_PRECONDITION NOT_LATEST_IMPORT or
  // ALREADY_UNDONE); NOT_FOUND IMPORT_NOT_FOUND.
  Expected<SurveyImportRecord> UndoImport(std::int64_t import_id);

  // The tallies of a survey's waves (all when wave_ids is empty).
  Expected<std::vector<SurveyTally>> Tallies(const std::vector<std::int64_t>& wave_ids);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
