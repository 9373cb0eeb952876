// kmhub-bench-survey: the data for the survey import benchmark (surveys/README.md).
//   seed: 50 practices (ODS codes S00000…) and a wave BENCH of the PBC survey, written through
//         the store; and a kmhub-format export of `--responses` responses answering the five
//         PBC questions with labels as survey tools write them.
//   raw:  the same file inserted straight into a seeded SQLite database with the C API —
//         responses and answers in 100-row statements in key order, one transaction: the
//         floor an import through the service is compared with.

#include <CLI/CLI.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "server/platform/db/migrations.h"
#include "server/partners/organisation_store.h"
#include "server/surveys/survey_store.h"

using namespace kmhub;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kPractices = 50;
constexpr std::array<const char*, 2> kYesNo = {"No", "Yes"};
constexpr std::array<const char*, 5> kRating = {"Very poor", "Poor", "Fair", "Good", "Very good"};
constexpr std::array<const char*, 5> kAgreement = {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                                                   "Strongly agree"};

int Seed(const std::string& url, int responses, const std::string& path) {
  auto db = store::Database::Open({url, 1, 5000, 5000});
  if (!db || !store::Migrate(**db)) {
    std::fprintf(stderr, "cannot open or migrate %s\n", url.c_str());
    return 1;
  }
  store::OrganisationStore organisations(*db);
  for (int i = 0; i < kPractices; ++i) {
    char ods[16];
    std::snprintf(ods, sizeof ods, "S%05d", i);
    store::OrganisationRecord o;
    o.display_name = std::string("Survey bench practice ") + ods;
    o.kind = 6;
    o.ods_code = ods;
    if (!organisations.Create(o, std::string("survey-bench-") + ods)) return 1;
  }
  store::SurveyStore surveys(*db);
  auto pbc = surveys.Get("pbc");
  if (!pbc || !surveys.CreateWave(pbc->id, {0, "BENCH", "2010-01-01", "2010-03-31", 0})) return 1;
  std::ofstream out(path);
  out << "respondent_id,organisation,submitted,PBC1,PBC2,PBC3,PBC4,PBC5\n";
  for (int i = 0; i < responses; ++i) {
    char ods[16];
    std::snprintf(ods, sizeof ods, "S%05d", i % kPractices);
    out << "B" << i << ',' << ods << ",2010-02-" << 10 + i % 18 << " 10:" << 10 + i % 50 << ":00,"
        << kYesNo[static_cast<std::size_t>(i % 3 != 0)] << ',' << kRating[static_cast<std::size_t>(i % 5)] << ','
        << kAgreement[static_cast<std::size_t>((i / 5) % 5)] << ',' << kRating[static_cast<std::size_t>((i / 7) % 5)]
        << ',' << (i % 10 == 0 ? "Information is late" : "OK") << '\n';
  }
  return out ? 0 : 1;
}

bool Ok(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  return false;
}

// Rows of `columns` values, kBatch to a statement.
class RawBatch {
 public:
  static constexpr int kBatch = 100;
  RawBatch(sqlite3* db, std::string head, int columns) : db_(db), head_(std::move(head)), columns_(columns) {}
  ~RawBatch() {
    if (full_) sqlite3_finalize(full_);
  }
  std::vector<std::string>& Row() {
    rows_.emplace_back(static_cast<std::size_t>(columns_));
    return rows_.back();
  }
  bool EndRow() { return static_cast<int>(rows_.size()) < kBatch || Flush(); }
  bool Flush() {
    if (rows_.empty()) return true;
    sqlite3_stmt* st = nullptr;
    const bool full = static_cast<int>(rows_.size()) == kBatch;
    if (full && full_) {
      st = full_;
    } else {
      std::string sql = head_ + " VALUES ";
      for (std::size_t r = 0; r < rows_.size(); ++r) {
        sql += r ? ", (" : "(";
        for (int c = 0; c < columns_; ++c) sql += c ? ", ?" : "?";
        sql += ")";
      }
      if (!Ok(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), db_, "prepare")) return false;
      if (full) full_ = st;
    }
    int n = 1;
    for (const auto& row : rows_)
      for (const auto& v : row) {
        if (v == "\x01NULL")
          sqlite3_bind_null(st, n++);
        else
          sqlite3_bind_text(st, n++, v.c_str(), static_cast<int>(v.size()), SQLITE_STATIC);
      }
    const bool ok = Ok(sqlite3_step(st), db_, "insert");
    sqlite3_reset(st);
    if (st != full_) sqlite3_finalize(st);
    rows_.clear();
    return ok;
  }

 private:
  sqlite3* db_;
  std::string head_;
  int columns_;
  std::vector<std::vector<std::string>> rows_;
  sqlite3_stmt* full_ = nullptr;
};

int Raw(const std::string& path, const std::string& csv) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 1;
  sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", nullptr, nullptr,
               nullptr);
  std::map<std::string, std::string> ids;
  std::map<std::string, std::string> questions;
  std::string wave;
  sqlite3_stmt* st = nullptr;
  auto text = [](sqlite3_stmt* s, int c) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, c))); };
  sqlite3_prepare_v2(db, "SELECT ods_code, id FROM organisations WHERE ods_code IS NOT NULL", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) ids[text(st, 0)] = text(st, 1);
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "SELECT q.code, q.id FROM survey_questions q JOIN surveys s ON s.id = q.survey_id WHERE s.code = 'pbc'",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) questions[text(st, 0)] = text(st, 1);
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "SELECT id FROM survey_waves WHERE label = 'BENCH'", -1, &st, nullptr);
  if (sqlite3_step(st) == SQLITE_ROW) wave = text(st, 0);
  sqlite3_finalize(st);
  std::map<std::string, std::string> score = {{"No", "0"}, {"Yes", "1"}};
  for (int i = 0; i < 5; ++i) {
    score[kRating[static_cast<std::size_t>(i)]] = std::to_string(i + 1);
    score[kAgreement[static_cast<std::size_t>(i)]] = std::to_string(i + 1);
  }

  const auto begin = Clock::now();
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  // Sorted by respondent id, as the server writes them: rows in the clustered key's order.
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  std::sort(lines.begin(), lines.end(),
            [](const std::string& a, const std::string& b) { return a.substr(0, a.find(',')) < b.substr(0, b.find(',')); });
  if (!Ok(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin")) return 1;
  RawBatch responses(db, "INSERT INTO survey_responses (wave_id, respondent_id, organisation_id, submitted, import_id)", 5);
  RawBatch answers(db, "INSERT INTO survey_answers (wave_id, respondent_id, question_id, organisation_kind, score, text)", 6);
  long long rows = 0, answer_rows = 0;
  const std::array<const char*, 5> codes = {"PBC1", "PBC2", "PBC3", "PBC4", "PBC5"};
  for (const auto& line : lines) {
    std::vector<std::string> f;
    std::size_t start = 0;
    while (true) {
      const auto comma = line.find(',', start);
      f.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    auto& r = responses.Row();
    r = {wave, f[0], ids.at(f[1]), f[2], "0"};
    if (!responses.EndRow()) return 1;
    for (std::size_t q = 0; q < codes.size(); ++q) {
      const std::string& v = f[3 + q];
      if (v.empty()) continue;
      auto& a = answers.Row();
      const bool free_text = q == 4;
      a = {wave, f[0], questions.at(codes[q]), "6", free_text ? "\x01NULL" : score.at(v), free_text ? v : ""};
      if (!answers.EndRow()) return 1;
      ++answer_rows;
    }
    ++rows;
  }
  if (!responses.Flush() || !answers.Flush()) return 1;
  if (!Ok(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit")) return 1;
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  sqlite3_close(db);
  std::printf("raw bulk insert: %lld responses (%lld answers) in %.2f s = %.0f responses/s\n", rows, answer_rows, seconds,
              rows / seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kmhub-bench-survey: data for the survey import benchmark"};
  app.require_subcommand(1);
  std::string url = "sqlite:bench-survey.db", sqlite_path, csv = "survey.csv";
  int responses = 200000;
  auto* seed = app.add_subcommand("seed", "Practices, a BENCH wave of the PBC survey, and the export to import");
  seed->add_option("--database", url, "Database URL")->capture_default_str();
  seed->add_option("--responses", responses, "Responses in the export")->capture_default_str();
  seed->add_option("--csv", csv, "Export to write")->capture_default_str();
  auto* raw = app.add_subcommand("raw", "Insert the export straight into a seeded SQLite database");
  raw->add_option("--sqlite", sqlite_path, "SQLite file (seeded)")->required();
  raw->add_option("--csv", csv, "The export")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (*seed) return Seed(url, responses, csv);
  return Raw(sqlite_path, csv);
}
