#include "server/platform/rules/import_file.h"

namespace kmhub::domain {

Error ProblemsInFile(std::string_view reason, const std::vector<ImportProblem>& problems) {
  std::vector<FieldViolation> violations;
  for (const auto& p : problems)
    violations.push_back({"line " + std::to_string(p.line) + (p.column.empty() ? "" : ": " + p.column), p.reason});
  const auto& first = problems.front();
  return InvalidArgument(std::string(reason),
                         std::to_string(problems.size()) + " problem(s) in the file, nothing was imported; the first: line " +
                             std::to_string(first.line) + ", " + first.column + ": " + first.reason,
                         std::move(violations));
}

}  // namespace kmhub::domain
