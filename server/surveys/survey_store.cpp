#include "server/surveys/survey_store.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "server/platform/db/audit_log.h"
#include "server/platform/db/request_log.h"
#include "server/platform/db/batch_insert.h"
#include "server/platform/db/bound_query.h"
#include "server/platform/db/change_record.h"
#include "server/platform/db/session.h"

namespace kmhub::store {

namespace {

using Kind = BatchInsert::Kind;

std::vector<SurveyRecord> ReadSurveys(soci::session& s, const std::string& code) {
  std::vector<SurveyRecord> out;
  std::map<long long, std::size_t> at;
  {
    SurveyRecord r;
    long long id = 0;
    soci::statement st = (s.prepare << "SELECT id, code, title, audience, description FROM surveys WHERE code = :c OR "
                                       ":c2 = '' ORDER BY code",
                          soci::use(code), soci::use(code), soci::into(id), soci::into(r.code), soci::into(r.title),
                          soci::into(r.audience), soci::into(r.description));
    if (st.execute(true))
      do {
        r.id = id;
        at[id] = out.size();
        out.push_back(r);
      } while (st.fetch());
  }
  if (out.empty()) return out;
  {
    long long survey = 0, id = 0;
    SurveyQuestionRecord q;
    soci::statement st = (s.prepare << "SELECT survey_id, id, code, position, text, scale FROM survey_questions "
                                       "ORDER BY survey_id, position",
                          soci::into(survey), soci::into(id), soci::into(q.code), soci::into(q.position),
                          soci::into(q.text), soci::into(q.scale));
    if (st.execute(true))
      do {
        q.id = id;
        if (auto i = at.find(survey); i != at.end()) out[i->second].questions.push_back(q);
      } while (st.fetch());
  }
  {
    long long survey = 0, id = 0, responses = 0;
    SurveyWaveRecord w;
    soci::statement st = (s.prepare << "SELECT w.survey_id, w.id, w.label, w.opens, w.closes, (SELECT COUNT(*) FROM "
                                       "survey_responses r WHERE r.wave_id = w.id) FROM survey_waves w ORDER BY "
                                       "w.survey_id, w.opens, w.id",
                          soci::into(survey), soci::into(id), soci::into(w.label), soci::into(w.opens),
                          soci::into(w.closes), soci::into(responses));
    if (st.execute(true))
      do {
        w.id = id;
        w.responses = responses;
        if (auto i = at.find(survey); i != at.end()) out[i->second].waves.push_back(w);
      } while (st.fetch());
  }
  return out;
}

// The wave's tallies, from its answers, in one GROUP BY (after an undo, which is rare).
void RebuildTallies(soci::session& s, long long wave) {
  s << "DELETE FROM survey_tallies WHERE wave_id = :w", soci::use(wave);
  s << "INSERT INTO survey_tallies (wave_id, question_id, organisation_kind, score, answers) SELECT wave_id, "
       "question_id, organisation_kind, COALESCE(score, -1), COUNT(*) FROM survey_answers WHERE wave_id = :w GROUP BY "
       "wave_id, question_id, organisation_kind, COALESCE(score, -1)",
      soci::use(wave);
}

// An import's effect on the wave's tallies: its own answers counted (they are in hand), less
// the answers it replaced (summed in SQL from what it set aside). A full GROUP BY over a wave
// of a million answers would cost more than the rest of the import.
void AddToTallies(soci::session& s, long long wave, long long import_id, const std::vector<SurveyResponseRecord>& responses,
                  const std::map<std::int64_t, int>& kinds, bool replaced_any) {
  std::map<std::tuple<long long, int, int>, long long> delta;  // (question, kind, score) → answers
  for (const auto& r : responses) {
    const int kind = r.organisation_id ? kinds.at(*r.organisation_id) : 0;
    for (const auto& a : r.answers) ++delta[{a.question_id, kind, a.score.value_or(-1)}];
  }
  if (replaced_any) {
    long long question = 0, answers = 0;
    int kind = 0, score = 0;
    soci::statement st = (s.prepare << "SELECT question_id, organisation_kind, COALESCE(score, -1), COUNT(*) FROM "
                                       "survey_replaced_answers WHERE import_id = :i GROUP BY question_id, "
                                       "organisation_kind, COALESCE(score, -1)",
                          soci::use(import_id), soci::into(question), soci::into(kind), soci::into(score),
                          soci::into(answers));
    if (st.execute(true))
      do delta[{question, kind, score}] -= answers;
      while (st.fetch());
  }
  long long question = 0, answers = 0;
  int kind = 0, score = 0;
  soci::statement upsert =
      (s.prepare << "INSERT INTO survey_tallies (wave_id, question_id, organisation_kind, score, answers) VALUES (:w, "
                    ":q, :k, :s, :n) ON CONFLICT (wave_id, question_id, organisation_kind, score) DO UPDATE SET "
                    "answers = survey_tallies.answers + excluded.answers",
       soci::use(wave), soci::use(question), soci::use(kind), soci::use(score), soci::use(answers));
  for (const auto& [key, n] : delta) {
    if (n == 0) continue;
    std::tie(question, kind, score) = key;
    answers = n;
    upsert.execute(true);
  }
  s << "DELETE FROM survey_tallies WHERE wave_id = :w AND answers = 0", soci::use(wave);
}

struct ImportRow {
  long long id = 0, wave = 0, format = 0, accepted = 0, replaced = 0, imported = 0, undone = 0;
  std::string survey, label, actor, file, sha;
  SurveyImportRecord Record() const {
    return {id, survey, label, actor, file, sha, static_cast<int>(format), accepted, replaced, imported, undone};
  }
};

constexpr const char* kImportColumns =
    "SELECT i.id, i.wave_id, i.format, i.rows_accepted, i.rows_replaced, i.imported_micros, i.undone_micros, s.code, "
    "w.label, i.actor, i.file_name, i.sha256 FROM survey_imports i JOIN survey_waves w ON w.id = i.wave_id JOIN surveys "
    "s ON s.id = w.survey_id";

template <typename St>
void ExchangeImport(ImportRow& r, St& st) {
  for (long long* v : {&r.id, &r.wave, &r.format, &r.accepted, &r.replaced, &r.imported, &r.undone})
    Col(st, *v);
  for (std::string* v : {&r.survey, &r.label, &r.actor, &r.file, &r.sha}) Col(st, *v);
}

std::optional<ImportRow> ReadImport(soci::session& s, long long id) {
  BoundQuery q;
  q.Sql(std::string(kImportColumns) + " WHERE i.id = " + q.Int(id));
  std::optional<ImportRow> out;
  RunCached<ImportRow>(s, q, [](ImportRow& r, auto& st) { ExchangeImport(r, st); }, [&](const ImportRow& r) { out = r; });
  return out;
}

// Moves the wave's current responses of these respondents (and their answers) aside as what
// `import_id` replaced.
void SetAside(soci::session& s, long long wave, long long import_id, const std::vector<const std::string*>& ids) {
  auto in_list = [&](BoundQuery& q) {
    q.Sql(" WHERE wave_id = " + q.Int(wave) + " AND respondent_id IN (");
    for (std::size_t i = 0; i < ids.size(); ++i) q.Sql((i ? ", " : "") + q.Text(*ids[i]));
    q.Sql(")");
  };
  auto run = [&](BoundQuery& q) {
    soci::statement st(s);
    q.PrepareInto(st);
    st.execute(true);
  };
  BoundQuery keep;
  keep.Sql("INSERT INTO survey_replaced_responses (import_id, wave_id, respondent_id, organisation_id, submitted, "
           "previous_import_id) SELECT " +
           keep.Int(import_id) + ", wave_id, respondent_id, organisation_id, submitted, import_id FROM survey_responses");
  in_list(keep);
  run(keep);
  BoundQuery keep_answers;
  keep_answers.Sql("INSERT INTO survey_replaced_answers (import_id, respondent_id, question_id, organisation_kind, score, "
                   "text) SELECT " +
                   keep_answers.Int(import_id) +
                   ", respondent_id, question_id, organisation_kind, score, text FROM survey_answers");
  in_list(keep_answers);
  run(keep_answers);
  BoundQuery drop_answers;
  drop_answers.Sql("DELETE FROM survey_answers");
  in_list(drop_answers);
  run(drop_answers);
  BoundQuery drop;
  drop.Sql("DELETE FROM survey_responses");
  in_list(drop);
  run(drop);
}

// Kinds of the organisations the responses name: one query per 500 of them.
std::map<std::int64_t, int> KindsOf(soci::session& s, const std::vector<SurveyResponseRecord>& responses) {
  constexpr std::size_t kPerQuery = 500;
  std::map<std::int64_t, int> kinds;
  for (const auto& r : responses)
    if (r.organisation_id) kinds[*r.organisation_id] = 0;
  std::vector<std::int64_t> ids;
  for (const auto& [id, kind] : kinds) ids.push_back(id);
  struct Row {
    long long id = 0;
    int kind = 0;
  };
  for (std::size_t from = 0; from < ids.size(); from += kPerQuery) {
    BoundQuery q;
    q.Sql("SELECT id, kind FROM organisations WHERE id IN (");
    const std::size_t to = std::min(ids.size(), from + kPerQuery);
    for (std::size_t i = from; i < to; ++i) q.Sql((i > from ? ", " : "") + q.Int(ids[i]));
    q.Sql(")");
    RunCached<Row>(
        s, q,
        [](Row& r, auto& st) {
          Col(st, r.id);
          Col(st, r.kind);
        },
        [&](const Row& r) { kinds[r.id] = r.kind; });
  }
  return kinds;
}

}  // namespace

Expected<std::vector<SurveyRecord>> SurveyStore::List() {
  return WithSession(*db_, "reading surveys",
                     [&](soci::session& s) -> Expected<std::vector<SurveyRecord>> { return ReadSurveys(s, ""); });
}

Expected<SurveyRecord> SurveyStore::Get(const std::string& code) {
  return WithSession(*db_, "reading a survey", [&](soci::session& s) -> Expected<SurveyRecord> {
    if (code.empty()) return NotFound("SURVEY_NOT_FOUND", "survey surveys/ does not exist");
    auto found = ReadSurveys(s, code);
    if (found.empty()) return NotFound("SURVEY_NOT_FOUND", "survey surveys/" + code + " does not exist");
    return found.front();
  });
}

Expected<SurveyRecord> SurveyStore::Create(const SurveyRecord& survey) {
  auto made = InTransaction(*db_, "creating a survey", [&](soci::session& s) -> Expected<std::int64_t> {
    int count = 0;
    s << "SELECT COUNT(*) FROM surveys WHERE code = :c", soci::use(survey.code), soci::into(count);
    if (count > 0) return AlreadyExists("SURVEY_EXISTS", "a survey with code " + survey.code + " exists");
    long long id = 0;
    s << "INSERT INTO surveys (code, title, audience, description) VALUES (:c, :t, :a, :d) RETURNING id",
        soci::use(survey.code), soci::use(survey.title), soci::use(survey.audience), soci::use(survey.description),
        soci::into(id);
    for (const auto& q : survey.questions)
      s << "INSERT INTO survey_questions (survey_id, code, position, text, scale) VALUES (:s, :c, :p, :t, :k)",
          soci::use(id), soci::use(q.code), soci::use(q.position), soci::use(q.text), soci::use(q.scale);
    RecordChange(s, "surveys/" + survey.code,
                 "created survey '" + survey.title + "' with " + std::to_string(survey.questions.size()) + " question(s)");
    return static_cast<std::int64_t>(id);
  });
  if (!made) return made.error();
  return Get(survey.code);
}

Expected<SurveyWaveRecord> SurveyStore::CreateWave(std::int64_t survey_id, const SurveyWaveRecord& wave) {
  return InTransaction(*db_, "creating a survey wave", [&](soci::session& s) -> Expected<SurveyWaveRecord> {
    long long survey = survey_id;
    int count = 0;
    s << "SELECT COUNT(*) FROM survey_waves WHERE survey_id = :s AND label = :l", soci::use(survey),
        soci::use(wave.label), soci::into(count);
    if (count > 0) return AlreadyExists("WAVE_EXISTS", "the survey already has a wave " + wave.label);
    long long id = 0;
    s << "INSERT INTO survey_waves (survey_id, label, opens, closes) VALUES (:s, :l, :o, :c) RETURNING id",
        soci::use(survey), soci::use(wave.label), soci::use(wave.opens), soci::use(wave.closes), soci::into(id);
    std::string code;
    s << "SELECT code FROM surveys WHERE id = :s", soci::use(survey), soci::into(code);
    RecordChange(s, "surveys/" + code + "/waves/" + wave.label,
                 "created wave " + wave.label + " (" + wave.opens + " to " + wave.closes + ")");
    SurveyWaveRecord out = wave;
    out.id = id;
    return out;
  });
}

namespace {
constexpr const char* kImportMethod = "ImportSurveyResponses";
}  // namespace

Expected<SurveyImportRecord> SurveyStore::Import(std::int64_t wave_id, SurveyImportRecord import,
                                                 const std::vector<SurveyResponseRecord>& responses, bool dry_run,
                                                 const std::string& request_id) {
  return WithSession(*db_, "importing survey responses", [&](soci::session& s) -> Expected<SurveyImportRecord> {
    Transaction tx(s, *db_);
    // Under the write lock: a retry that arrived while the first call was still importing finds
    // its import here, once the first has committed, and is answered with it.
    if (!request_id.empty() && !dry_run)
      if (const auto logged = FindLoggedRequest(s, kImportMethod, request_id)) {
        const auto earlier = ReadImport(s, std::stoll(logged->substr(logged->rfind('/') + 1)));
        if (!earlier) return Internal("IMPORT_RECORD_MISSING", "the import of request " + request_id + " cannot be read");
        auto record = earlier->Record();
        record.replayed = true;
        return record;
      }
    long long wave = wave_id, id = 0, format = import.format, zero = 0;
    const long long now = NowMicros();
    import.actor = CurrentActor();
    s << "INSERT INTO survey_imports (wave_id, actor, file_name, sha256, format, rows_accepted, rows_replaced, "
         "imported_micros) VALUES (:w, :a, :f, :h, :fmt, :n, :r, :t) RETURNING id",
        soci::use(wave), soci::use(import.actor), soci::use(import.file_name), soci::use(import.sha256),
        soci::use(format), soci::use(zero), soci::use(zero), soci::use(now), soci::into(id);

    long long existing = 0;
    s << "SELECT COUNT(*) FROM survey_responses WHERE wave_id = :w", soci::use(wave), soci::into(existing);
    if (existing > 0) {
      std::vector<const std::string*> batch;
      for (const auto& r : responses) {
        batch.push_back(&r.respondent_id);
        if (batch.size() == BatchInsert::kBatch) {
          SetAside(s, wave, id, batch);
          batch.clear();
        }
      }
      if (!batch.empty()) SetAside(s, wave, id, batch);
    }
    const auto kinds = KindsOf(s, responses);
    {
      BatchInsert rows(s, "INSERT INTO survey_responses (wave_id, respondent_id, organisation_id, submitted, import_id)",
                       "", {Kind::kInt, Kind::kText, Kind::kInt, Kind::kText, Kind::kInt});
      BatchInsert answers(s,
                          "INSERT INTO survey_answers (wave_id, respondent_id, question_id, organisation_kind, score, "
                          "text)",
                          "", {Kind::kInt, Kind::kText, Kind::kInt, Kind::kInt, Kind::kInt, Kind::kText});
      // In key order: rows arriving in the clustered key's order append to the b-tree instead
      // of splitting pages all over it (ids like B1, B10, B2 are not in file order as text).
      std::vector<const SurveyResponseRecord*> ordered;
      ordered.reserve(responses.size());
      for (const auto& r : responses) ordered.push_back(&r);
      std::sort(ordered.begin(), ordered.end(), [](const SurveyResponseRecord* a, const SurveyResponseRecord* b) {
        return a->respondent_id < b->respondent_id;
      });
      for (const auto* response : ordered) {
        const auto& r = *response;
        rows.Int(0, wave);
        rows.Text(1, r.respondent_id);
        if (r.organisation_id)
          rows.Int(2, *r.organisation_id);
        else
          rows.Null(2);
        rows.Text(3, r.submitted);
        rows.Int(4, id);
        rows.EndRow();
        const int kind = r.organisation_id ? kinds.at(*r.organisation_id) : 0;
        for (const auto& a : r.answers) {
          answers.Int(0, wave);
          answers.Text(1, r.respondent_id);
          answers.Int(2, a.question_id);
          answers.Int(3, kind);
          if (a.score)
            answers.Int(4, *a.score);
          else
            answers.Null(4);
          answers.Text(5, a.text);
          answers.EndRow();
        }
      }
      rows.Flush();
      answers.Flush();
    }
    long long replaced = 0;
    s << "SELECT COUNT(*) FROM survey_replaced_responses WHERE import_id = :i", soci::use(id), soci::into(replaced);
    const long long accepted = static_cast<long long>(responses.size());
    s << "UPDATE survey_imports SET rows_accepted = :n, rows_replaced = :r WHERE id = :i", soci::use(accepted),
        soci::use(replaced), soci::use(id);
    AddToTallies(s, wave, id, responses, kinds, existing > 0);
    const auto row = ReadImport(s, id);
    if (!row) return Internal("IMPORT_RECORD_MISSING", "the import record just written cannot be read");
    if (!dry_run) {
      RecordChange(s, "surveys/" + row->survey + "/waves/" + row->label,
                   "imported " + std::to_string(accepted) + " response(s), " + std::to_string(replaced) +
                       " replacing earlier ones, from " + import.file_name + " (sha256 " + import.sha256 + ")");
      if (!request_id.empty()) LogRequest(s, kImportMethod, request_id, "surveyImports/" + std::to_string(id));
      tx.Commit();
    }
    return row->Record();
  });
}

Expected<std::vector<SurveyImportRecord>> SurveyStore::Imports(std::int64_t survey_id, int limit) {
  return WithSession(*db_, "reading survey imports", [&](soci::session& s) -> Expected<std::vector<SurveyImportRecord>> {
    BoundQuery q;
    q.Sql(kImportColumns);
    if (survey_id) q.Sql(" WHERE s.id = " + q.Int(survey_id));
    q.Sql(" ORDER BY i.id DESC LIMIT " + q.Int(limit));
    std::vector<SurveyImportRecord> out;
    RunCached<ImportRow>(s, q, [](ImportRow& r, auto& st) { ExchangeImport(r, st); }, [&](const ImportRow& r) { out.push_back(r.Record()); });
    return out;
  });
}

Expected<SurveyImportRecord> SurveyStore::UndoImport(std::int64_t import_id) {
  return InTransaction(*db_, "undoing a survey import", [&](soci::session& s) -> Expected<SurveyImportRecord> {
    long long id = import_id;
    const auto row = ReadImport(s, id);
    if (!row) return NotFound("IMPORT_NOT_FOUND", "survey import " + std::to_string(id) + " does not exist");
    if (row->undone)
      return FailedPrecondition("ALREADY_UNDONE", "survey import " + std::to_string(id) + " has already been undone");
    long long wave = row->wave, latest = 0;
    s << "SELECT MAX(id) FROM survey_imports WHERE wave_id = :w AND undone_micros = 0", soci::use(wave),
        soci::into(latest);
    if (latest != id)
      return FailedPrecondition("NOT_LATEST_IMPORT", "only the latest import of a wave can be undone: undo import " +
                                                         std::to_string(latest) + " first");
    s << "DELETE FROM survey_answers WHERE wave_id = :w AND respondent_id IN (SELECT respondent_id FROM "
         "survey_responses WHERE wave_id = :w2 AND import_id = :i)",
        soci::use(wave), soci::use(wave), soci::use(id);
    s << "DELETE FROM survey_responses WHERE wave_id = :w AND import_id = :i", soci::use(wave), soci::use(id);
    s << "INSERT INTO survey_responses (wave_id, respondent_id, organisation_id, submitted, import_id) SELECT wave_id, "
         "respondent_id, organisation_id, submitted, previous_import_id FROM survey_replaced_responses WHERE "
         "import_id = :i",
        soci::use(id);
    s << "INSERT INTO survey_answers (wave_id, respondent_id, question_id, organisation_kind, score, text) SELECT "
         "CAST(:w AS BIGINT), respondent_id, question_id, organisation_kind, score, text FROM survey_replaced_answers "
         "WHERE import_id = :i",
        soci::use(wave), soci::use(id);
    s << "DELETE FROM survey_replaced_answers WHERE import_id = :i", soci::use(id);
    s << "DELETE FROM survey_replaced_responses WHERE import_id = :i", soci::use(id);
    const long long now = NowMicros();
    s << "UPDATE survey_imports SET undone_micros = :t WHERE id = :i", soci::use(now), soci::use(id);
    RebuildTallies(s, wave);
    RecordChange(s, "surveys/" + row->survey + "/waves/" + row->label,
                 "undid import " + std::to_string(id) + " (" + std::to_string(row->accepted) + " response(s) from " +
                     row->file + ")");
    auto out = row->Record();
    out.undone_micros = now;
    return out;
  });
}

Expected<std::vector<SurveyTally>> SurveyStore::Tallies(const std::vector<std::int64_t>& wave_ids) {
  return WithSession(*db_, "reading survey results", [&](soci::session& s) -> Expected<std::vector<SurveyTally>> {
    BoundQuery q;
    q.Sql("SELECT wave_id, question_id, organisation_kind, score, answers FROM survey_tallies");
    if (!wave_ids.empty()) {
      q.Sql(" WHERE wave_id IN (");
      for (std::size_t i = 0; i < wave_ids.size(); ++i) q.Sql((i ? ", " : "") + q.Int(wave_ids[i]));
      q.Sql(")");
    }
    q.Sql(" ORDER BY wave_id, question_id, organisation_kind, score");
    struct Row {
      long long wave = 0, question = 0, answers = 0;
      int kind = 0, score = 0;
    };
    std::vector<SurveyTally> out;
    RunCached<Row>(
        s, q,
        [](Row& r, auto& st) {
          Col(st, r.wave);
          Col(st, r.question);
          Col(st, r.kind);
          Col(st, r.score);
          Col(st, r.answers);
        },
        [&](const Row& r) { out.push_back({r.wave, r.question, r.kind, r.score, r.answers}); });
    return out;
  });
}

}  // namespace kmhub::store
