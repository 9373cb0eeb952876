#include "client/cli/survey_commands.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "client/cli/enum_names.h"
#include "client/cli/upload_progress.h"
#include "client/request_id.h"
#include "shared/csv_reader.h"

namespace kmhub::cli {

namespace {

struct SurveyFlags {
  std::string survey, wave, file, format, map_file, question, label, opens, closes, import_name, request_id;
  std::string title, audience, description, questions_file;
  std::vector<std::string> columns;
  bool dry_run = false, strict_dates = false, verbose = false;
};

std::string SurveyArgument(const std::string& s) { return s.rfind("surveys/", 0) == 0 ? s : "surveys/" + s; }

std::string Fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

int List(CommandContext& ctx) {
  kmhub::v1::ListSurveysResponse out;
  if (auto status = ctx.client().ListSurveys(&out); !status.ok()) return ctx.Fail(status);
  Table table{{"SURVEY", "TITLE", "AUDIENCE", "QUESTIONS", "WAVES", "RESPONSES"}, {}};
  for (const auto& s : out.surveys()) {
    long long responses = 0;
    for (const auto& w : s.waves()) responses += w.responses();
    table.rows.push_back({s.name().substr(8), s.title(), EnumLabel(kmhub::v1::SurveyAudience_descriptor(), s.audience()),
                          std::to_string(s.questions_size()), std::to_string(s.waves_size()), std::to_string(responses)});
  }
  return ctx.EmitList(out, table);
}

int Show(CommandContext& ctx, const SurveyFlags& f) {
  kmhub::v1::Survey s;
  if (auto status = ctx.client().GetSurvey(SurveyArgument(f.survey), &s); !status.ok()) return ctx.Fail(status);
  Table questions{{"CODE", "SCALE", "QUESTION"}, {}};
  for (const auto& q : s.questions())
    questions.rows.push_back({q.code(), EnumLabel(kmhub::v1::QuestionScale_descriptor(), q.scale()), q.text()});
  if (ctx.format() != OutputFormat::kTable) return ctx.EmitOne(s, questions);
  std::cout << s.name() << ": " << s.title() << " ("
            << EnumLabel(kmhub::v1::SurveyAudience_descriptor(), s.audience()) << ")\n\n";
  PrintTable(std::cout, questions);
  Table waves{{"WAVE", "OPENS", "CLOSES", "RESPONSES"}, {}};
  for (const auto& w : s.waves())
    waves.rows.push_back({w.label(), w.open_date(), w.close_date(), std::to_string(w.responses())});
  std::cout << '\n';
  PrintTable(std::cout, waves);
  return kExitOk;
}

// "agreement", "rating", "yes-no", "free-text" (or the enum's own names).
std::optional<kmhub::v1::QuestionScale> ParseScale(const std::string& text) {
  const std::string t = [&] {
    std::string lower;
    for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
  }();
  if (t == "agreement" || t == "agree") return kmhub::v1::QUESTION_SCALE_AGREEMENT_5;
  if (t == "rating" || t == "rate") return kmhub::v1::QUESTION_SCALE_RATING_5;
  if (t == "yes-no" || t == "yesno" || t == "yes/no") return kmhub::v1::QUESTION_SCALE_YES_NO;
  if (t == "free-text" || t == "text" || t == "comments") return kmhub::v1::QUESTION_SCALE_FREE_TEXT;
  if (const auto named = ParseEnum(kmhub::v1::QuestionScale_descriptor(), text); named && *named != 0)
    return static_cast<kmhub::v1::QuestionScale>(*named);
  return std::nullopt;
}

// The questions file: CSV with a header row code,scale,text (any order, any case), one question
// a row, in the order they are asked.
bool ReadQuestions(CommandContext& ctx, const std::string& path, kmhub::v1::Survey* survey) {
  std::string text;
  if (!ctx.ReadFile(path, &text)) return false;
  const auto rows = ReadCsv(text, 1000);
  if (!rows) {
    ctx.exit_code = ctx.BadInput(path + ": " + rows.error().message);
    return false;
  }
  if (rows->empty()) {
    ctx.exit_code = ctx.BadInput(path + " is empty; it needs a header row code,scale,text and a row per question");
    return false;
  }
  int code_at = -1, scale_at = -1, text_at = -1;
  const auto& header = rows->front().fields;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    std::string h;
    for (char c : header[i]) h += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (h == "code") code_at = i;
    if (h == "scale") scale_at = i;
    if (h == "text" || h == "question") text_at = i;
  }
  if (code_at < 0 || scale_at < 0 || text_at < 0) {
    ctx.exit_code = ctx.BadInput(path + " line 1: the header row must name the columns code, scale and text");
    return false;
  }
  std::vector<std::string> problems;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    auto field = [&](int i) { return i < static_cast<int>(row.fields.size()) ? row.fields[i] : std::string(); };
    auto* q = survey->add_questions();
    q->set_code(field(code_at));
    q->set_text(field(text_at));
    if (const auto scale = ParseScale(field(scale_at)))
      q->set_scale(*scale);
    else
      problems.push_back("line " + std::to_string(row.line) + ": '" + field(scale_at) +
                         "' is not a scale (agreement, rating, yes-no or free-text)");
  }
  if (!problems.empty()) {
    std::string message = path + ":";
    for (const auto& p : problems) message += "\n  " + p;
    ctx.exit_code = ctx.BadInput(message);
    return false;
  }
  return true;
}

int Create(CommandContext& ctx, const SurveyFlags& f) {
  kmhub::v1::CreateSurveyRequest request;
  auto* s = request.mutable_survey();
  s->set_name(SurveyArgument(f.survey));
  s->set_title(f.title);
  s->set_description(f.description);
  const auto audience = ParseEnum(kmhub::v1::SurveyAudience_descriptor(), f.audience);
  if (!audience || *audience == 0)
    return ctx.BadInput("--audience is " + EnumChoices(kmhub::v1::SurveyAudience_descriptor()) + ", not '" +
                        f.audience + "'");
  s->set_audience(static_cast<kmhub::v1::SurveyAudience>(*audience));
  if (!ReadQuestions(ctx, f.questions_file, s)) return ctx.exit_code;
  kmhub::v1::Survey out;
  if (auto status = ctx.client().CreateSurvey(request, &out); !status.ok()) return ctx.FailWithViolations(status);
  Table questions{{"CODE", "SCALE", "QUESTION"}, {}};
  for (const auto& q : out.questions())
    questions.rows.push_back({q.code(), EnumLabel(kmhub::v1::QuestionScale_descriptor(), q.scale()), q.text()});
  if (ctx.format() != OutputFormat::kTable) return ctx.EmitOne(out, questions);
  std::cout << "Created " << out.name() << ": " << out.title() << " ("
            << EnumLabel(kmhub::v1::SurveyAudience_descriptor(), out.audience()) << "), "
            << out.questions_size() << " question(s)\n\n";
  PrintTable(std::cout, questions);
  return kExitOk;
}

int CreateWave(CommandContext& ctx, const SurveyFlags& f) {
  kmhub::v1::CreateSurveyWaveRequest request;
  request.set_parent(SurveyArgument(f.survey));
  request.mutable_wave()->set_label(f.label);
  request.mutable_wave()->set_open_date(f.opens);
  request.mutable_wave()->set_close_date(f.closes);
  kmhub::v1::SurveyWave out;
  if (auto status = ctx.client().CreateSurveyWave(request, &out); !status.ok()) return ctx.FailWithViolations(status);
  Table table{{"Wave", "Opens", "Closes"}, {{out.name(), out.open_date(), out.close_date()}}};
  return ctx.EmitOne(out, table);
}

// "--column 'Q1=PBC1'": the last '=' splits, as in a mapping file.
bool AddColumns(CommandContext& ctx, const std::vector<std::string>& columns,
                google::protobuf::Map<std::string, std::string>* mapping) {
  for (const auto& c : columns) {
    const auto eq = c.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == c.size()) {
      ctx.exit_code = ctx.BadInput("--column wants HEADING=TARGET (a question code, respondent, organisation, "
                                   "submitted or ignore), not '" + c + "'");
      return false;
    }
    (*mapping)[c.substr(0, eq)] = c.substr(eq + 1);
  }
  return true;
}

// A mapping file: "export heading = target" lines; '#' comments.
bool AddMappingFile(CommandContext& ctx, const std::string& path, google::protobuf::Map<std::string, std::string>* mapping) {
  std::ifstream in(path);
  if (!in) {
    ctx.exit_code = ctx.BadInput("cannot read the mapping file " + path);
    return false;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto eq = line.rfind('=');
    auto trim = [](std::string s) {
      const auto a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
      return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
    };
    if (eq == std::string::npos || trim(line.substr(0, eq)).empty() || trim(line.substr(eq + 1)).empty()) {
      ctx.exit_code = ctx.BadInput(path + " line " + std::to_string(n) + ": expected 'export column = target'");
      return false;
    }
    (*mapping)[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return true;
}

int Import(CommandContext& ctx, const SurveyFlags& f) {
  kmhub::v1::ImportSurveyResponsesChunk header;
  const std::string survey = SurveyArgument(f.survey);
  header.set_wave(f.wave.find('/') == std::string::npos ? survey + "/waves/" + f.wave : f.wave);
  if (!f.format.empty()) {
    const auto format = ParseEnum(kmhub::v1::SurveyFileFormat_descriptor(), f.format);
    if (!format || *format == 0)
      return ctx.BadInput("--format is kmhub, limesurvey or surveymonkey, not '" + f.format + "'");
    header.set_format(static_cast<kmhub::v1::SurveyFileFormat>(*format));
  }
  if (!f.map_file.empty() && !AddMappingFile(ctx, f.map_file, header.mutable_mapping())) return ctx.exit_code;
  if (!AddColumns(ctx, f.columns, header.mutable_mapping())) return ctx.exit_code;
  header.set_file_name(std::filesystem::path(f.file).filename().string());
  header.set_dry_run(f.dry_run);
  header.set_problems_in_response(true);
  header.set_strict_dates(f.strict_dates);
  header.set_request_id(f.request_id.empty() ? client::NewRequestId() : f.request_id);
  std::ifstream in(f.file, std::ios::binary);
  if (!in) return ctx.BadInput("cannot read " + f.file);
  kmhub::v1::SurveyImport out;
  grpc::Status status;
  {
    const UploadProgress progress(f.file);
    status = ctx.client().ImportSurveyResponses(header, in, std::cref(progress), &out);
  }
  if (!status.ok())
    return ctx.FailImport(status, "see `kmhub survey imports --survey " + f.survey +
                                      "`; to try again without importing twice, repeat this command with --request-id " +
                                      header.request_id());
  if (out.problems_size() > 0) return ctx.FailWithImportProblems(out.problems());
  Table table{{"Import", "Wave", "Format", "Rows read", out.dry_run() ? "Responses to accept" : "Responses accepted",
               "Replacing earlier ones", "Incomplete (skipped)", "Outside the wave's dates", "Ignored columns",
               "SHA-256", "Dry run"},
              {}};
  // A count and the first three headings, each cut to 40 characters: full-text exports have
  // headings of a paragraph each. --verbose (and JSON) give every one.
  std::string ignored = std::to_string(out.ignored_columns_size());
  for (int i = 0; i < out.ignored_columns_size() && i < 3; ++i)
    ignored += (i ? ", " : ": ") + ("'" + CutToWidth(OneLine(out.ignored_columns(i)), 40) + "'");
  if (out.ignored_columns_size() > 3) ignored += ", …";
  const std::string outside = out.outside_wave_dates() == 0
                                  ? "0"
                                  : std::to_string(out.outside_wave_dates()) + " (" + out.earliest_outside() + " to " +
                                        out.latest_outside() + "; --strict-dates refuses them)";
  table.rows.push_back({out.name().empty() ? "-" : out.name(), out.wave(),
                        EnumLabel(kmhub::v1::SurveyFileFormat_descriptor(), out.format()),
                        std::to_string(out.rows_read()), std::to_string(out.rows_accepted()),
                        std::to_string(out.rows_replaced()), std::to_string(out.skipped_incomplete()), outside,
                        out.ignored_columns_size() == 0 ? "0" : ignored, out.sha256(),
                        out.dry_run() ? "yes (nothing written)" : "no"});
  const int code = ctx.EmitOne(out, table);
  if (f.verbose && ctx.format() == OutputFormat::kTable && out.ignored_columns_size() > 0) {
    std::cout << "\nIgnored columns:\n";
    for (const auto& c : out.ignored_columns()) std::cout << "  " << OneLine(c) << '\n';
  }
  return code;
}

Table ImportsTable(const google::protobuf::RepeatedPtrField<kmhub::v1::SurveyImport>& imports) {
  Table table{{"IMPORT", "WAVE", "WHEN", "BY", "FILE", "RESPONSES", "REPLACED", "UNDONE"}, {}};
  for (const auto& i : imports)
    table.rows.push_back({i.name().substr(14), i.wave().substr(8), i.import_time().substr(0, 19), i.actor(),
                          i.file_name(), std::to_string(i.rows_accepted()), std::to_string(i.rows_replaced()),
                          i.undo_time().empty() ? "-" : i.undo_time().substr(0, 19)});
  return table;
}

int Imports(CommandContext& ctx, const SurveyFlags& f) {
  kmhub::v1::ListSurveyImportsRequest request;
  if (!f.survey.empty()) request.set_survey(SurveyArgument(f.survey));
  kmhub::v1::ListSurveyImportsResponse out;
  if (auto status = ctx.client().ListSurveyImports(request, &out); !status.ok()) return ctx.Fail(status);
  return ctx.EmitList(out, ImportsTable(out.imports()));
}

int Undo(CommandContext& ctx, const SurveyFlags& f) {
  const std::string name = f.import_name.rfind("surveyImports/", 0) == 0 ? f.import_name : "surveyImports/" + f.import_name;
  kmhub::v1::SurveyImport out;
  if (auto status = ctx.client().UndoSurveyImport(name, &out); !status.ok()) return ctx.Fail(status);
  google::protobuf::RepeatedPtrField<kmhub::v1::SurveyImport> one;
  *one.Add() = out;
  if (ctx.format() == OutputFormat::kTable)
    std::cout << "Undid " << out.name() << ": its " << out.rows_accepted()
              << " response(s) are out of the wave, and what it replaced is back.\n\n";
  return ctx.EmitOne(out, ImportsTable(one));
}

std::string Percent(double v) { return Fixed(v, 1) + " %"; }

std::vector<std::string> ResultRow(const kmhub::v1::QuestionResult& r) {
  std::string distribution;
  for (const auto& d : r.distribution()) distribution += (distribution.empty() ? "" : "; ") + d.label() + " " + std::to_string(d.answers());
  return {r.question(), r.wave(), std::to_string(r.n()), r.has_mean() ? Fixed(r.mean(), 2) : "",
          r.has_percent_positive() ? Fixed(r.percent_positive(), 1) : "",
          r.has_percent_positive_low() ? Fixed(r.percent_positive_low(), 1) : "",
          r.has_percent_positive_high() ? Fixed(r.percent_positive_high(), 1) : "", r.previous_wave(),
          r.has_change_points() ? Fixed(r.change_points(), 1) : "", r.has_z() ? Fixed(r.z(), 2) : "",
          r.has_z() ? (r.significant() ? "yes" : "no") : "", distribution};
}

void PrintResult(const kmhub::v1::QuestionResult& r) {
  std::cout << r.question() << "  " << r.text() << "\n  wave " << r.wave() << ": n " << r.n();
  if (r.has_mean()) std::cout << ", mean " << Fixed(r.mean(), 2);
  if (r.has_percent_positive())
    std::cout << ", " << Percent(r.percent_positive()) << " positive (95% CI " << Fixed(r.percent_positive_low(), 1)
              << "–" << Percent(r.percent_positive_high()) << ")";
  if (r.has_change_points())
    std::cout << ", " << (r.change_points() >= 0 ? "+" : "") << Fixed(r.change_points(), 1) << " points since "
              << r.previous_wave()
              << (r.has_z() ? " (z " + Fixed(r.z(), 2) + (r.significant() ? ", significant)" : ", not significant)")
                            : "");
  std::cout << '\n';
  long long largest = 0;
  std::size_t width = 0;
  for (const auto& d : r.distribution()) {
    largest = std::max<long long>(largest, d.answers());
    width = std::max(width, d.label().size());
  }
  for (const auto& d : r.distribution()) {
    const auto bar = largest > 0 ? static_cast<std::size_t>(30.0 * static_cast<double>(d.answers()) / static_cast<double>(largest) + 0.5) : 0;
    std::cout << "    " << d.label() << std::string(width - d.label().size() + 2, ' ') << std::string(bar, '#')
              << std::string(31 - bar, ' ') << d.answers() << '\n';
  }
  if (r.by_kind_size() > 1) {
    std::cout << "    by organisation kind:";
    for (const auto& k : r.by_kind()) {
      const std::string kind = EnumLabel(kmhub::v1::OrganisationKind_descriptor(), k.kind());
      std::cout << "  " << (kind.empty() ? "not given" : kind) << " n " << k.n();
      if (k.has_percent_positive()) std::cout << " " << Percent(k.percent_positive());
    }
    std::cout << '\n';
  }
  std::cout << '\n';
}

int Results(CommandContext& ctx, const SurveyFlags& f) {
  kmhub::v1::GetSurveyResultsRequest request;
  request.set_name(SurveyArgument(f.survey));
  request.set_wave(f.wave);
  request.set_question(f.question);
  kmhub::v1::SurveyResults out;
  if (auto status = ctx.client().GetSurveyResults(request, &out); !status.ok()) return ctx.Fail(status);
  Table table{{"QUESTION", "WAVE", "N", "MEAN", "% POSITIVE", "CI LOW", "CI HIGH", "PREVIOUS", "CHANGE", "Z",
               "SIGNIFICANT", "DISTRIBUTION"},
              {}};
  for (const auto& r : out.results()) table.rows.push_back(ResultRow(r));
  if (ctx.format() != OutputFormat::kTable) return ctx.EmitList(out, table);
  if (out.results().empty()) std::cout << out.survey() << ": no waves yet\n";
  for (const auto& r : out.results()) PrintResult(r);
  return kExitOk;
}

}  // namespace

void AddSurveyCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<SurveyFlags>();
  auto* survey = app.add_subcommand("survey", "Surveys of providers and practices: results, waves, imports");
  survey->require_subcommand(1);

  survey->add_subcommand("list", "The surveys")->callback([&ctx] { ctx.exit_code = List(ctx); });
  auto* show = survey->add_subcommand("show", "A survey's questions and waves");
  show->add_option("survey", f->survey, "Survey code (pbc, provider) or surveys/CODE")->required();
  show->callback([&ctx, f] { ctx.exit_code = Show(ctx, *f); });

  auto* define = survey->add_subcommand("create", "Define a new survey from a questions file (admin)");
  define->add_option("survey", f->survey, "Survey code: 2-20 lower-case letters, digits and '-'")->required();
  define->add_option("--title", f->title, "Title, as respondents see it")->required();
  define->add_option("--audience", f->audience,
                     "Who answers: " + EnumChoices(kmhub::v1::SurveyAudience_descriptor()))->required();
  define->add_option("--questions", f->questions_file,
                     "CSV with a header row code,scale,text (scale: agreement, rating, yes-no, free-text)")
      ->required();
  define->add_option("--description", f->description, "What the survey is for");
  define->callback([&ctx, f] { ctx.exit_code = Create(ctx, *f); });

  auto* wave = survey->add_subcommand("wave", "Waves of a survey");
  wave->require_subcommand(1);
  auto* create = wave->add_subcommand("create", "Open a new wave to import responses into (admin)");
  create->add_option("survey", f->survey, "Survey code")->required();
  create->add_option("label", f->label, "Wave label, e.g. 2010-Q1")->required();
  create->add_option("--opens", f->opens, "First day, YYYY-MM-DD")->required();
  create->add_option("--closes", f->closes, "Last day, YYYY-MM-DD")->required();
  create->callback([&ctx, f] { ctx.exit_code = CreateWave(ctx, *f); });

  auto* import = survey->add_subcommand(
      "import", "Import a survey export (admin): all or nothing; re-importing counts nothing twice");
  import->add_option("file", f->file, "The export (CSV)")->required()->check(CLI::ExistingFile);
  import->add_option("--survey", f->survey, "Survey code")->required();
  import->add_option("--wave", f->wave, "Wave label")->required();
  import->add_option("--format", f->format, "kmhub, limesurvey or surveymonkey (default: told by the file)");
  import->add_option("--map", f->map_file, "Mapping file: 'export column = question code' lines")
      ->check(CLI::ExistingFile);
  import->add_option("--column", f->columns, "HEADING=TARGET (repeatable): a question code, respondent, "
                                             "organisation, submitted or ignore");
  import->add_flag("--dry-run", f->dry_run, "Validate every row, write nothing");
  import->add_flag("--strict-dates", f->strict_dates,
                   "Refuse the file if a response was submitted outside the wave's dates (default: import, say how many)");
  import->add_flag("--verbose", f->verbose, "List every ignored column in full");
  import->add_option("--request-id", f->request_id,
                     "Repeat the id an import that timed out printed: answered with that import if it completed");
  import->callback([&ctx, f] { ctx.exit_code = Import(ctx, *f); });

  auto* imports = survey->add_subcommand("imports", "Imports, newest first (admin)");
  imports->add_option("--survey", f->survey, "Only this survey's");
  imports->callback([&ctx, f] { ctx.exit_code = Imports(ctx, *f); });

  auto* undo = survey->add_subcommand("undo-import", "Undo the latest import of a wave (admin)");
  undo->add_option("import", f->import_name, "Import id (from `kmhub survey imports`)")->required();
  undo->callback([&ctx, f] { ctx.exit_code = Undo(ctx, *f); });

  auto* results = survey->add_subcommand("results", "n, distribution, mean, % positive with a 95% interval, change");
  results->add_option("survey", f->survey, "Survey code")->required();
  results->add_option("--wave", f->wave, "Only this wave");
  results->add_option("--question", f->question, "Only this question code");
  results->callback([&ctx, f] { ctx.exit_code = Results(ctx, *f); });
}

}  // namespace kmhub::cli
