#include "server/surveys/survey_api.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "server/platform/rpc/import_problems.h"
#include "server/platform/rpc/metrics.h"
#include "server/platform/rpc/status_mapping.h"
#include "server/platform/rpc/upload.h"
#include "server/platform/rules/file_digest.h"
#include "server/surveys/survey_definition.h"
#include "server/surveys/survey_file.h"
#include "server/surveys/survey_results.h"
#include "server/platform/rules/text_rules.h"
#include "server/platform/rpc/proto_enums.h"
#include "server/surveys/survey_scale.h"
#include "shared/page_token.h"
#include "shared/civil_date.h"

// The surveys' enums are the proto's numbers (records.h, survey_scale.h).
KMHUB_SAME_NUMBER(kmhub::store::SurveyFileFormat::kKmhub, kmhub::v1::SURVEY_FILE_FORMAT_KMHUB);
KMHUB_SAME_NUMBER(kmhub::store::SurveyFileFormat::kLimeSurvey, kmhub::v1::SURVEY_FILE_FORMAT_LIMESURVEY);
KMHUB_SAME_NUMBER(kmhub::store::SurveyFileFormat::kSurveyMonkey, kmhub::v1::SURVEY_FILE_FORMAT_SURVEYMONKEY);
KMHUB_SAME_NUMBER(kmhub::store::SurveyFileFormat::kLast, kmhub::v1::SurveyFileFormat_MAX);
KMHUB_SAME_NUMBER(kmhub::store::SurveyAudience::kProviders, kmhub::v1::SURVEY_AUDIENCE_PROVIDERS);
KMHUB_SAME_NUMBER(kmhub::store::SurveyAudience::kPbcPractices, kmhub::v1::SURVEY_AUDIENCE_PBC_PRACTICES);
KMHUB_SAME_NUMBER(kmhub::store::SurveyAudience::kClinicians, kmhub::v1::SURVEY_AUDIENCE_CLINICIANS);
KMHUB_SAME_NUMBER(kmhub::store::SurveyAudience::kPartners, kmhub::v1::SURVEY_AUDIENCE_PARTNERS);
KMHUB_SAME_NUMBER(kmhub::store::SurveyAudience::kLast, kmhub::v1::SurveyAudience_MAX);
KMHUB_SAME_NUMBER(kmhub::store::QuestionScale::kAgreement5, kmhub::v1::QUESTION_SCALE_AGREEMENT_5);
KMHUB_SAME_NUMBER(kmhub::store::QuestionScale::kRating5, kmhub::v1::QUESTION_SCALE_RATING_5);
KMHUB_SAME_NUMBER(kmhub::store::QuestionScale::kYesNo, kmhub::v1::QUESTION_SCALE_YES_NO);
KMHUB_SAME_NUMBER(kmhub::store::QuestionScale::kFreeText, kmhub::v1::QUESTION_SCALE_FREE_TEXT);
KMHUB_SAME_NUMBER(kmhub::store::QuestionScale::kLast, kmhub::v1::QuestionScale_MAX);
KMHUB_SAME_NUMBER(kmhub::domain::Scale::kAgreement5, kmhub::v1::QUESTION_SCALE_AGREEMENT_5);
KMHUB_SAME_NUMBER(kmhub::domain::Scale::kRating5, kmhub::v1::QUESTION_SCALE_RATING_5);
KMHUB_SAME_NUMBER(kmhub::domain::Scale::kYesNo, kmhub::v1::QUESTION_SCALE_YES_NO);
KMHUB_SAME_NUMBER(kmhub::domain::Scale::kFreeText, kmhub::v1::QUESTION_SCALE_FREE_TEXT);
KMHUB_SAME_NUMBER(kmhub::domain::Scale::kFreeText, kmhub::v1::QuestionScale_MAX);

namespace kmhub::api {

using domain::Permission;
using google::protobuf::util::TimeUtil;

namespace {

constexpr std::string_view kSurveys = "surveys/";
constexpr std::string_view kImports = "surveyImports/";
// Survey exports are wide (LimeSurvey writes every question's metadata columns): a generous
// bound per row keeps a runaway upload from filling memory.
constexpr std::size_t kMaxBytesPerRow = 2048;

std::string SurveyName(const std::string& code) { return std::string(kSurveys) + code; }
std::string WaveName(const std::string& code, const std::string& label) { return SurveyName(code) + "/waves/" + label; }

Expected<std::string> ParseSurveyName(std::string_view name, const std::string& field) {
  if (name.substr(0, kSurveys.size()) != kSurveys || name.size() == kSurveys.size() ||
      name.find('/', kSurveys.size()) != std::string_view::npos)
    return InvalidArgument("INVALID_NAME", "'" + std::string(name.substr(0, 60)) + "' is not a survey name",
                           {{field, "expected surveys/{code}"}});
  return std::string(name.substr(kSurveys.size()));
}

struct WaveKey {
  std::string survey, label;
};

Expected<WaveKey> ParseWaveName(std::string_view name, const std::string& field) {
  const std::string_view marker = "/waves/";
  const auto at = name.find(marker);
  if (name.substr(0, kSurveys.size()) != kSurveys || at == std::string_view::npos || at == kSurveys.size() ||
      at + marker.size() == name.size())
    return InvalidArgument("INVALID_NAME", "'" + std::string(name.substr(0, 60)) + "' is not a survey wave name",
                           {{field, "expected surveys/{code}/waves/{label}"}});
  return WaveKey{std::string(name.substr(kSurveys.size(), at - kSurveys.size())),
                 std::string(name.substr(at + marker.size()))};
}

bool ValidLabel(const std::string& label) {
  if (label.empty() || label.size() > 20) return false;
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

std::string Time(std::int64_t micros) {
  return micros ? TimeUtil::ToString(TimeUtil::MicrosecondsToTimestamp(micros)) : "";
}

void ToProto(const std::string& code, const store::SurveyWaveRecord& w, kmhub::v1::SurveyWave* out) {
  out->set_name(WaveName(code, w.label));
  out->set_label(w.label);
  out->set_open_date(w.opens);
  out->set_close_date(w.closes);
  out->set_responses(w.responses);
}

void ToProto(const store::SurveyRecord& s, kmhub::v1::Survey* out) {
  out->set_name(SurveyName(s.code));
  out->set_title(s.title);
  out->set_audience(static_cast<kmhub::v1::SurveyAudience>(s.audience));
  out->set_description(s.description);
  for (const auto& q : s.questions) {
    auto* p = out->add_questions();
    p->set_code(q.code);
    p->set_text(q.text);
    p->set_scale(static_cast<kmhub::v1::QuestionScale>(q.scale));
    p->set_position(q.position);
  }
  for (const auto& w : s.waves) ToProto(s.code, w, out->add_waves());
}

void ToProto(const store::SurveyImportRecord& r, kmhub::v1::SurveyImport* out) {
  out->set_name(std::string(kImports) + std::to_string(r.id));
  out->set_wave(WaveName(r.survey_code, r.wave_label));
  out->set_actor(r.actor);
  out->set_file_name(r.file_name);
  out->set_sha256(r.sha256);
  out->set_format(static_cast<kmhub::v1::SurveyFileFormat>(r.format));
  out->set_rows_accepted(r.rows_accepted);
  out->set_rows_replaced(r.rows_replaced);
  out->set_import_time(Time(r.imported_micros));
  out->set_undo_time(Time(r.undone_micros));
}

// A format the caller did not name, from the file's headings.
kmhub::v1::SurveyFileFormat Detect(std::string_view data) {
  switch (domain::DetectSurveyFormat(data)) {
    case domain::SurveyFormat::kLimeSurvey: return kmhub::v1::SURVEY_FILE_FORMAT_LIMESURVEY;
    case domain::SurveyFormat::kSurveyMonkey: return kmhub::v1::SURVEY_FILE_FORMAT_SURVEYMONKEY;
    case domain::SurveyFormat::kKmhub: break;
  }
  return kmhub::v1::SURVEY_FILE_FORMAT_KMHUB;
}

domain::SurveyFormat ToDomain(kmhub::v1::SurveyFileFormat f) {
  switch (f) {
    case kmhub::v1::SURVEY_FILE_FORMAT_LIMESURVEY: return domain::SurveyFormat::kLimeSurvey;
    case kmhub::v1::SURVEY_FILE_FORMAT_SURVEYMONKEY: return domain::SurveyFormat::kSurveyMonkey;
    default: return domain::SurveyFormat::kKmhub;
  }
}

void SetFigures(const domain::QuestionFigures& f, kmhub::v1::KindBreakdown* out) {
  out->set_n(f.n);
  if (f.percent_positive) out->set_percent_positive(*f.percent_positive);
  if (f.mean) out->set_mean(*f.mean);
}

}  // namespace

grpc::Status SurveyApi::ListSurveys(grpc::ServerContext* ctx, const kmhub::v1::ListSurveysRequest*,
                                    kmhub::v1::ListSurveysResponse* out) {
  KMHUB_RPC_TRY(auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto all, surveys_.List());
  for (const auto& s : all) ToProto(s, out->add_surveys());
  return grpc::Status::OK;
}

grpc::Status SurveyApi::GetSurvey(grpc::ServerContext* ctx, const kmhub::v1::GetSurveyRequest* req,
                                  kmhub::v1::Survey* out) {
  KMHUB_RPC_TRY(auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseSurveyName(req->name(), "name"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto survey, surveys_.Get(code));
  ToProto(survey, out);
  return grpc::Status::OK;
}

grpc::Status SurveyApi::CreateSurvey(grpc::ServerContext* ctx, const kmhub::v1::CreateSurveyRequest* req,
                                     kmhub::v1::Survey* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kImport, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide surveys"));
  const auto& in = req->survey();
  store::SurveyRecord survey;
  survey.code = in.name().rfind("surveys/", 0) == 0 ? in.name().substr(8) : in.name();
  survey.title = in.title();
  survey.audience = in.audience();
  survey.description = in.description();
  for (const auto& q : in.questions()) survey.questions.push_back({0, q.code(), 0, q.text(), q.scale()});
  KMHUB_RPC_TRY(domain::NormaliseSurveyDefinition(survey));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto made, surveys_.Create(survey));
  ToProto(made, out);
  return grpc::Status::OK;
}

grpc::Status SurveyApi::CreateSurveyWave(grpc::ServerContext* ctx, const kmhub::v1::CreateSurveyWaveRequest* req,
                                         kmhub::v1::SurveyWave* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kImport, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide surveys"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseSurveyName(req->parent(), "parent"));
  Violations v;
  const auto& w = req->wave();
  if (!ValidLabel(w.label())) v.Add("wave.label", "1 to 20 letters, digits and '-', e.g. 2009-Q4");
  const auto opens = CivilDate::Parse(w.open_date()), closes = CivilDate::Parse(w.close_date());
  if (!opens) v.Add("wave.open_date", "a date YYYY-MM-DD is required");
  if (!closes) v.Add("wave.close_date", "a date YYYY-MM-DD is required");
  if (opens && closes && closes->days() < opens->days()) v.Add("wave.close_date", "is before the open date");
  if (!v.empty()) return ToGrpcStatus(v.ToError());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto survey, surveys_.Get(code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto made,
                             surveys_.CreateWave(survey.id, {0, w.label(), opens->ToString(), closes->ToString(), 0}));
  ToProto(code, made, out);
  return grpc::Status::OK;
}

grpc::Status SurveyApi::ImportSurveyResponses(grpc::ServerContext* ctx,
                                              grpc::ServerReader<kmhub::v1::ImportSurveyResponsesChunk>* reader,
                                              kmhub::v1::SurveyImport* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kImport, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide survey imports"));
  KMHUB_RPC_ASSIGN_OR_RETURN(
      const auto upload,
      ReadUpload(reader, static_cast<std::size_t>(max_import_rows_), kMaxBytesPerRow, 1 << 20, "responses", "data",
                 [](const kmhub::v1::ImportSurveyResponsesChunk& c) -> const std::string& { return c.data(); },
                 [](kmhub::v1::ImportSurveyResponsesChunk& c) { c.clear_data(); }));
  const auto& first = upload.options;
  const std::string& data = upload.data;
  KMHUB_RPC_TRY(caller.StillWanted());
  KMHUB_RPC_TRY(domain::ValidateRequestId(first.request_id()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseWaveName(first.wave(), "wave"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto survey, surveys_.Get(key.survey));
  const auto wave = std::find_if(survey.waves.begin(), survey.waves.end(),
                                 [&](const store::SurveyWaveRecord& w) { return w.label == key.label; });
  if (wave == survey.waves.end())
    return ToGrpcStatus(NotFound("WAVE_NOT_FOUND", "survey wave " + first.wave() + " does not exist; create it first"));
  const auto format = first.format() == kmhub::v1::SURVEY_FILE_FORMAT_UNSPECIFIED ? Detect(data) : first.format();

  std::vector<domain::SurveyQuestionRef> questions;
  for (const auto& q : survey.questions) questions.push_back({q.id, q.code, q.text, static_cast<domain::Scale>(q.scale)});
  const std::map<std::string, std::string> mapping(first.mapping().begin(), first.mapping().end());
  const auto lookup = organisations_.OdsLookup();
  KMHUB_RPC_ASSIGN_OR_RETURN(auto file, domain::ReadSurveyFile(data, ToDomain(format), mapping, questions, lookup,
                                                               static_cast<std::size_t>(max_import_rows_)));
  if (!file.problems.empty())
    return AnswerImportProblems(domain::SurveyProblems(file.problems), first.problems_in_response(),
                                out->mutable_problems());
  std::string submitted_column;
  for (const auto& [heading, target] : file.columns)
    if (target == domain::kSubmittedTarget) submitted_column = heading;
  const auto outside = domain::ResponsesOutsideWave(file.responses, wave->opens, wave->closes, submitted_column);
  if (first.strict_dates() && outside.responses > 0)
    return AnswerImportProblems(domain::SurveyProblems(outside.problems), first.problems_in_response(),
                                out->mutable_problems());
  KMHUB_RPC_TRY(caller.StillWanted());

  std::vector<store::SurveyResponseRecord> responses;
  responses.reserve(file.responses.size());
  for (auto& r : file.responses) {
    store::SurveyResponseRecord rec{std::move(r.respondent_id), r.organisation_id, std::move(r.submitted), {}};
    rec.answers.reserve(r.answers.size());
    for (auto& a : r.answers) rec.answers.push_back({a.question_id, a.score, std::move(a.text)});
    responses.push_back(std::move(rec));
  }
  store::SurveyImportRecord record;
  record.file_name = first.file_name().substr(0, 200);
  record.sha256 = domain::Sha256Hex(data);
  record.format = format;
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto done,
                             surveys_.Import(wave->id, record, responses, first.dry_run(), first.request_id()));
  ToProto(done, out);
  if (first.dry_run()) {
    out->clear_name();
    out->clear_import_time();
  }
  out->set_dry_run(first.dry_run());
  out->set_rows_read(file.rows_read);
  out->set_skipped_incomplete(file.skipped_incomplete);
  out->set_outside_wave_dates(outside.responses);
  out->set_earliest_outside(outside.earliest);
  out->set_latest_outside(outside.latest);
  for (const auto& c : file.ignored_columns) out->add_ignored_columns(c);
  for (const auto& [heading, target] : file.columns) (*out->mutable_columns())[heading] = target;
  if (!first.dry_run() && !done.replayed)
    Metrics::Global().AddImportRows("survey", static_cast<std::int64_t>(responses.size()));
  return grpc::Status::OK;
}

grpc::Status SurveyApi::ListSurveyImports(grpc::ServerContext* ctx, const kmhub::v1::ListSurveyImportsRequest* req,
                                          kmhub::v1::ListSurveyImportsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kImport, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide survey imports"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int limit, ResolvePageSize(req->page_size()));
  std::int64_t survey_id = 0;
  if (!req->survey().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseSurveyName(req->survey(), "survey"));
    KMHUB_RPC_ASSIGN_OR_RETURN(const auto survey, surveys_.Get(code));
    survey_id = survey.id;
  }
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto imports, surveys_.Imports(survey_id, limit));
  for (const auto& i : imports) ToProto(i, out->add_imports());
  return grpc::Status::OK;
}

grpc::Status SurveyApi::UndoSurveyImport(grpc::ServerContext* ctx, const kmhub::v1::UndoSurveyImportRequest* req,
                                         kmhub::v1::SurveyImport* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kImport, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide survey imports"));
  const std::string& name = req->name();
  std::int64_t id = 0;
  const bool numeric = name.size() > kImports.size() && name.substr(0, kImports.size()) == kImports &&
                       name.size() - kImports.size() <= 18 &&
                       std::all_of(name.begin() + static_cast<long>(kImports.size()), name.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
  if (!numeric)
    return ToGrpcStatus(InvalidArgument("INVALID_NAME", "'" + name.substr(0, 60) + "' is not a survey import name",
                                        {{"name", "expected surveyImports/{id}"}}));
  id = std::stoll(name.substr(kImports.size()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto undone, surveys_.UndoImport(id));
  ToProto(undone, out);
  return grpc::Status::OK;
}

grpc::Status SurveyApi::GetSurveyResults(grpc::ServerContext* ctx, const kmhub::v1::GetSurveyResultsRequest* req,
                                         kmhub::v1::SurveyResults* out) {
  // Published aggregates: any caller who may read may see them.
  KMHUB_RPC_TRY(auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseSurveyName(req->name(), "name"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto survey, surveys_.Get(code));
  std::string wanted_wave = req->wave();
  if (wanted_wave.find('/') != std::string::npos) {
    KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseWaveName(wanted_wave, "wave"));
    wanted_wave = key.label;
  }
  if (!wanted_wave.empty() && std::none_of(survey.waves.begin(), survey.waves.end(),
                                           [&](const store::SurveyWaveRecord& w) { return w.label == wanted_wave; }))
    return ToGrpcStatus(NotFound("WAVE_NOT_FOUND", "survey " + SurveyName(code) + " has no wave " + wanted_wave));
  if (!req->question().empty() &&
      std::none_of(survey.questions.begin(), survey.questions.end(),
                   [&](const store::SurveyQuestionRecord& q) { return q.code == req->question(); }))
    return ToGrpcStatus(NotFound("QUESTION_NOT_FOUND", "survey " + SurveyName(code) + " has no question " + req->question()));

  // Every wave is read, so that the first wave asked for still has a previous one to compare with.
  std::vector<domain::ResultWave> waves;
  std::vector<std::int64_t> wave_ids;
  for (const auto& w : survey.waves) {
    waves.push_back({w.id, w.label});
    wave_ids.push_back(w.id);
  }
  std::vector<domain::ResultQuestion> questions;
  for (const auto& q : survey.questions) questions.push_back({q.id, static_cast<domain::Scale>(q.scale)});
  if (wave_ids.empty()) {
    out->set_survey(SurveyName(code));
    return grpc::Status::OK;
  }
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto tallies, surveys_.Tallies(wave_ids));
  std::vector<domain::TallyCount> counts;
  counts.reserve(tallies.size());
  for (const auto& t : tallies) counts.push_back({t.wave_id, t.question_id, t.organisation_kind, t.score, t.answers});

  out->set_survey(SurveyName(code));
  for (const auto& r : domain::BuildSurveyResults(waves, questions, counts)) {
    const auto& w = survey.waves[r.wave];
    const auto& q = survey.questions[r.question];
    if (!wanted_wave.empty() && w.label != wanted_wave) continue;
    if (!req->question().empty() && q.code != req->question()) continue;
    const auto scale = static_cast<domain::Scale>(q.scale);
    auto* p = out->add_results();
    p->set_question(q.code);
    p->set_text(q.text);
    p->set_scale(static_cast<kmhub::v1::QuestionScale>(q.scale));
    p->set_wave(w.label);
    p->set_n(r.overall.n);
    if (scale != domain::Scale::kFreeText) {
      for (const auto& [score, n] : r.overall.distribution) {
        auto* d = p->add_distribution();
        d->set_score(score);
        d->set_label(domain::ScoreLabel(scale, score));
        d->set_answers(n);
      }
    }
    if (r.overall.mean) p->set_mean(*r.overall.mean);
    if (r.overall.percent_positive) p->set_percent_positive(*r.overall.percent_positive);
    if (r.overall.interval) {
      p->set_percent_positive_low(r.overall.interval->low);
      p->set_percent_positive_high(r.overall.interval->high);
    }
    p->set_previous_wave(r.previous_wave);
    if (r.change) {
      p->set_change_points(r.change->points);
      if (r.change->z) p->set_z(*r.change->z);
      p->set_significant(r.change->significant);
    }
    for (const auto& k : r.by_kind) {
      auto* b = p->add_by_kind();
      b->set_kind(static_cast<kmhub::v1::OrganisationKind>(k.organisation_kind));
      SetFigures(k.figures, b);
    }
  }
  return grpc::Status::OK;
}

}  // namespace kmhub::api
