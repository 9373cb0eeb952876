#include "server/platform/rules/import_file.h"

namespace kmhub::domain {

Error ImportTooLarge(std::size_t limit, std::string_view units, const std::string& field) {
  const std::string what(units);
  return InvalidArgument("IMPORT_TOO_LARGE",
                         "the file has more than " + std::to_string(limit) + " " + what +
                             ", this server's limit per import; split it",
                         {{field, "more than " + std::to_string(limit) + " " + what}});
}

Error ProblemsInFile(Reason<ErrorCode::kInvalidArgument> reason, const std::vector<ImportProblem>& problems) {
  std::vector<FieldViolation> violations;
  for (const auto& p : problems)
    violations.push_back({"line " + std::to_string(p.line) + (p.column.empty() ? "" : ": " + p.column), p.reason});
  const auto& first = problems.front();
  return InvalidArgument(reason,
                         std::to_string(problems.size()) + " problem(s) in the file, nothing was imported; the first: line " +
                             std::to_string(first.line) + ", " + first.column + ": " + first.reason,
                         std::move(violations));
}

}  // namespace kmhub::domain
