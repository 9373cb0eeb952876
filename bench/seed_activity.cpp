// kmhub-bench-activity: the data for the ROI benchmark (activity/README.md).
//   seed: N consortia (ODS codes Q00000…) with one project each, every project on the same
//         `--procedures` codes, written through the store; the procedure catalogue and the
//         activity file (N × procedures × months rows, no cost column, so the import prices
//         each row from the tariff) are written as CSV for `kmhub procedures|activity import`.
//   raw:  the same activity file inserted straight into a database with the SQLite C API
//         (100-row prepared statements, one transaction): the floor an import through the
//         service is compared with.

#include <CLI/CLI.hpp>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "server/platform/db/migrations.h"
#include "server/partners/organisation_store.h"
#include "server/projects/project_store.h"
#include "shared/month.h"

using namespace kmhub;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kFirstYear = 2021;

std::string Code(int p) { return "K" + std::to_string(100 + p); }  // OPCS-4 shaped: K100…
long long TariffPence(int p, int financial_year) { return (15000 + 2500 * p) * (100 + 3 * (financial_year - 2020)); }

int Seed(const std::string& url, int projects, int procedures, int months, const std::string& catalogue_path,
         const std::string& activity_path) {
  auto db = store::Database::Open({url, 1, 5000, 5000});
  if (!db || !store::Migrate(**db)) {
    std::fprintf(stderr, "cannot open or migrate %s\n", url.c_str());
    return 1;
  }
  store::OrganisationStore organisations(*db);
  store::ProjectStore store(*db);
  std::vector<std::string> codes;
  for (int p = 0; p < procedures; ++p) codes.push_back(Code(p));
  const Month first(kFirstYear, 1), last = first.Plus(months - 1);
  for (int i = 0; i < projects; ++i) {
    char ods[16], code[16];
    std::snprintf(ods, sizeof ods, "Q%05d", i);
    std::snprintf(code, sizeof code, "P-R%05d", i);
    store::OrganisationRecord o;
    o.display_name = std::string("ROI bench consortium ") + ods;
    o.kind = 7;
    o.ods_code = ods;
    auto created = organisations.Create(o, std::string("roi-bench-org-") + ods);
    if (!created) return 1;
    // Starts spread over the second and third years, six to eighteen months long.
    store::ProjectRecord p;
    p.code = code;
    p.title = std::string("ROI bench project ") + code;
    p.consortium_id = created->id;
    p.state = 5;
    const Month start = first.Plus(12 + i % 24), end = start.Plus(6 + i % 13);
    p.planned_start = start.ToString() + "-01";
    p.planned_end = end.ToString() + "-28";
    p.investment_pence = 5000000 + 1000 * i;
    p.procedure_codes = codes;
    if (!store.Create(p, std::string("roi-bench-") + code)) return 1;
  }
  std::ofstream catalogue(catalogue_path);
  catalogue << "code,description,financial_year,tariff\n";
  for (int p = 0; p < procedures; ++p)
    for (int fy = first.financial_year(); fy <= last.financial_year(); ++fy)
      catalogue << Code(p) << ",Bench procedure " << p << ',' << fy << ',' << TariffPence(p, fy) / 100 << '.'
                << TariffPence(p, fy) % 100 / 10 << TariffPence(p, fy) % 10 << '\n';
  std::ofstream activity(activity_path);
  activity << "organisation,procedure,month,count\n";
  for (int i = 0; i < projects; ++i) {
    char ods[16];
    std::snprintf(ods, sizeof ods, "Q%05d", i);
    for (int p = 0; p < procedures; ++p)
      for (Month m = first; m <= last; m = m.Plus(1))
        activity << ods << ',' << codes[static_cast<std::size_t>(p)] << ',' << m.ToString() << ','
                 << 5 + (i + 3 * p + m.MonthsSince(first)) % 13 << '\n';
  }
  return catalogue && activity ? 0 : 1;
}

bool Ok(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  return false;
}

// The floor: parse the file, price each row, insert every row with prepared statements in one
// transaction, with the server's settings (WAL, synchronous=NORMAL, foreign keys on).
int Raw(const std::string& path, const std::string& activity_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 1;
  sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", nullptr,
               nullptr, nullptr);
  std::map<std::string, long long> ids;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT ods_code, id FROM organisations WHERE ods_code IS NOT NULL", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    ids[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = sqlite3_column_int64(st, 1);
  sqlite3_finalize(st);
  std::map<std::pair<std::string, int>, long long> tariffs;
  sqlite3_prepare_v2(db, "SELECT procedure_code, financial_year, tariff_pence FROM procedure_tariffs", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    tariffs[{reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), sqlite3_column_int(st, 1)}] =
        sqlite3_column_int64(st, 2);
  sqlite3_finalize(st);

  const auto begin = Clock::now();
  std::ifstream in(activity_path);
  std::string line;
  std::getline(in, line);  // header
  if (!Ok(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin")) return 1;
  // Rows go in kBatch to a statement, as the server writes them: the best a direct insert does.
  constexpr int kBatch = 100;
  auto prepare = [&](int rows, sqlite3_stmt** out) {
    std::string sql = "INSERT INTO activity (organisation_id, procedure_code, month, procedures, cost_pence) VALUES ";
    for (int k = 0; k < rows; ++k) sql += k ? ", (?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?)";
    return Ok(sqlite3_prepare_v2(db, sql.c_str(), -1, out, nullptr), db, "prepare");
  };
  if (!prepare(kBatch, &st)) return 1;
  struct Row {
    long long organisation, count, cost;
    std::string code, month;
  };
  std::vector<Row> batch;
  auto flush = [&](sqlite3_stmt* s) {
    int n = 1;
    for (const auto& r : batch) {
      sqlite3_bind_int64(s, n++, r.organisation);
      sqlite3_bind_text(s, n++, r.code.c_str(), static_cast<int>(r.code.size()), SQLITE_STATIC);
      sqlite3_bind_text(s, n++, r.month.c_str(), static_cast<int>(r.month.size()), SQLITE_STATIC);
      sqlite3_bind_int64(s, n++, r.count);
      sqlite3_bind_int64(s, n++, r.cost);
    }
    const bool ok = Ok(sqlite3_step(s), db, "insert");
    sqlite3_reset(s);
    batch.clear();
    return ok;
  };
  long long rows = 0;
  while (std::getline(in, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
    Row r;
    r.code = line.substr(a + 1, b - a - 1);
    r.month = line.substr(b + 1, c - b - 1);
    r.organisation = ids.at(line.substr(0, a));
    r.count = std::stoll(line.substr(c + 1));
    r.cost = r.count * tariffs.at({r.code, Month::Parse(r.month)->financial_year()});
    batch.push_back(std::move(r));
    ++rows;
    if (batch.size() == kBatch && !flush(st)) return 1;
  }
  if (!batch.empty()) {
    sqlite3_stmt* rest = nullptr;
    if (!prepare(static_cast<int>(batch.size()), &rest) || !flush(rest)) return 1;
    sqlite3_finalize(rest);
  }
  sqlite3_finalize(st);
  if (!Ok(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit")) return 1;
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  sqlite3_close(db);
  std::printf("raw bulk insert: %lld rows in %.2f s = %.0f rows/s\n", rows, seconds, rows / seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kmhub-bench-activity: data for the ROI benchmark"};
  app.require_subcommand(1);
  std::string url = "sqlite:bench-roi.db", sqlite_path, catalogue = "catalogue.csv", activity = "activity.csv";
  int projects = 1000, procedures = 20, months = 60;
  auto* seed = app.add_subcommand("seed", "Consortia, projects, and the catalogue and activity CSV files");
  seed->add_option("--database", url, "Database URL")->capture_default_str();
  seed->add_option("--projects", projects, "Projects (one consortium each)")->capture_default_str();
  seed->add_option("--procedures", procedures, "Procedures per project")->capture_default_str()->check(CLI::Range(1, 900));
  seed->add_option("--months", months, "Months of activity from 2021-01")->capture_default_str()->check(CLI::Range(1, 120));
  seed->add_option("--catalogue", catalogue, "Catalogue CSV to write")->capture_default_str();
  seed->add_option("--activity", activity, "Activity CSV to write")->capture_default_str();
  auto* raw = app.add_subcommand("raw", "Insert an activity file straight into a seeded SQLite database");
  raw->add_option("--sqlite", sqlite_path, "SQLite file (seeded, catalogue imported)")->required();
  raw->add_option("--activity", activity, "Activity CSV")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (*seed) return Seed(url, projects, procedures, months, catalogue, activity);
  return Raw(sqlite_path, activity);
}
