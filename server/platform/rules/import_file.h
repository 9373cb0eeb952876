#pragma once
// What every file import shares: a problem found in one row, resolving organisations by ODS
// code, and the one error that reports a file's problems. Each import validates the whole file
// before anything is written, so that a file with problems changes nothing.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace kmhub::domain {

struct ImportProblem {
  int line = 0;
  std::string column;
  std::string reason;
};

// Resolves an ODS code to an organisation id.
using OdsLookup = std::function<std::optional<std::int64_t>(const std::string& ods_code)>;

// INVALID_ARGUMENT IMPORT_TOO_LARGE: the file has more than `limit` `units` ("rows", "responses",
// "vCards", "tasks"), the server's --max-import-rows; `field` is the request field of the file.
Error ImportTooLarge(std::size_t limit, std::string_view units, const std::string& field);

// INVALID_ARGUMENT with `reason` (INVALID_ACTIVITY_ROWS, INVALID_SURVEY_ROWS, …), a message
// naming the count and the first problem, and a field violation per problem ("line 12: count").
// `problems` must not be empty.
Error ProblemsInFile(Reason<ErrorCode::kInvalidArgument> reason, const std::vector<ImportProblem>& problems);

}  // namespace kmhub::domain
