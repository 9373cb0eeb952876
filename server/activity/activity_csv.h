#pragma once
// Reading an activity file (admin tooling): rows `organisation (ODS code), procedure, month
// (YYYY-MM), count[, cost]`. Validated in full before anything is written: every rejected row
// is reported with its line, column and reason. Aggregates only — a file whose columns look
// patient-identifiable is refused as a whole.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/activity/records.h"
#include "server/platform/rules/import_file.h"
#include "shared/error.h"

namespace kmhub::domain {

struct ActivityFile {
  std::vector<store::ActivityRecord> rows;
  std::vector<ImportProblem> problems;  // empty: the file may be written
  int rows_read = 0;
};

// INVALID_ARGUMENT for a file that cannot be read at all (malformed CSV, missing or
// patient-identifiable columns); otherwise the rows and the problems of each bad one. Cost,
// when absent, is count × the tariff of the month's financial year; no tariff is a problem.
// At most `max_problems` problems are listed (the count of rows read stays exact).
Expected<ActivityFile> ReadActivityFile(std::string_view text, const OdsLookup& organisation,
                                        const std::vector<store::ProcedureRecord>& catalogue,
                                        std::size_t max_rows, std::size_t max_problems = 1000);

// A procedure's description: text as TextProblem allows it, 1 to this many characters.
inline constexpr std::size_t kMaxDescriptionLength = 500;

// A procedure catalogue file: `code,description,financial_year,tariff` (tariff in pounds), one
// row per code and year. Problems are reported like activity rows'.
struct CatalogueFile {
  std::vector<store::ProcedureRecord> procedures;
  std::vector<ImportProblem> problems;
  int rows_read = 0;
  int tariffs = 0;
};
Expected<CatalogueFile> ReadCatalogueFile(std::string_view text, std::size_t max_rows);

// A file's problems as one error (import_file.h): activity rows and catalogue rows alike.
inline Error ActivityProblems(const std::vector<ImportProblem>& problems) {
  return ProblemsInFile("INVALID_ACTIVITY_ROWS", problems);
}

}  // namespace kmhub::domain
