#pragma once
// Surveys (DESIGN.md, Surveys): the surveys and their questions, waves, imported responses
// (one per wave and respondent) and the record of each import, with what it replaced so that
// it can be undone. Results are read from tallies that every import and undo rebuilds in SQL.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/platform/db/database.h"
#include "shared/error.h"

namespace kmhub::store {

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

class SurveyStore {
 public:
  explicit SurveyStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  Expected<std::vector<SurveyRecord>> List();
  // NOT_FOUND SURVEY_NOT_FOUND.
  Expected<SurveyRecord> Get(const std::string& code);
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
