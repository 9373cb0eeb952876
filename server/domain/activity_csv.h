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

#include "server/store/activity_store.h"
#include "shared/error.h"

namespace kmhub::domain {

struct ImportProblem {
  int line = 0;
  std::string column;
  std::string reason;
};

struct ActivityFile {
  std::vector<store::ActivityRecord> rows;
  std::vector<ImportProblem> problems;  // empty: the file may be written
  int rows_read = 0;
};

// Resolves an ODS code to an organisation id.
using OdsLookup = std::function<std::optional<std::int64_t>(const std::string& ods_code)>;

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

// "Negative count" etc. as one error with a field violation per problem ("line 12: count").
Error ActivityProblems(const ActivityFile& file);
Error ImportProblems(const std::vector<ImportProblem>& problems);

}  // namespace kmhub::domain
