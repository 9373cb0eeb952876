#include "server/platform/rules/procedure_code.h"

#include <cctype>

namespace kmhub::domain {

namespace {
bool Letter(char c) { return c >= 'A' && c <= 'Z'; }
bool Digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

Expected<ProcedureCode> NormaliseProcedureCode(std::string_view text, const std::string& field) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string code;
  for (char c : text) code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // OPCS-4: the dot may only stand after the category's two digits ("W37.1", "W37.12").
  if ((code.size() == 5 || code.size() == 6) && code[3] == '.') code.erase(3, 1);
  const bool opcs = (code.size() == 4 || code.size() == 5) && Letter(code[0]) && Digit(code[1]) && Digit(code[2]) &&
                    Digit(code[3]) && (code.size() == 4 || Digit(code[4]));
  if (opcs) return ProcedureCode{code, ProcedureKind::kOpcs4};
  const bool hrg = code.size() == 5 && Letter(code[0]) && Letter(code[1]) && Digit(code[2]) && Digit(code[3]) &&
                   Letter(code[4]);
  if (hrg) return ProcedureCode{code, ProcedureKind::kHrg4};
  const std::string shown(text.substr(0, 20));
  return InvalidArgument("INVALID_PROCEDURE_CODE",
                         "'" + shown + "' is not an OPCS-4 code (W37.1 or W371) or an HRG4 code (HB12C)",
                         {{field, "not an OPCS-4 or HRG4 code"}});
}

std::string DisplayProcedureCode(const std::string& code) {
  const bool opcs = (code.size() == 4 || code.size() == 5) && Letter(code[0]) && Digit(code[1]) && Digit(code[3]);
  return opcs ? code.substr(0, 3) + "." + code.substr(3) : code;
}

}  // namespace kmhub::domain
