#pragma once
// Procedure codes (activity/README.md): OPCS-4 interventions (a letter, three
// digits and an optional fourth, written with a dot after the category's two: "W37.1" is stored
// "W371") and HRG4 groups ("HB12C": two letters, two digits, a letter).

#include <string>
#include <string_view>

#include "shared/error.h"

namespace kmhub::domain {

enum class ProcedureKind { kOpcs4 = 1, kHrg4 = 2 };

struct ProcedureCode {
  std::string code;  // normalised: upper case, no dot
  ProcedureKind kind;
};

// Trims, upper-cases and drops the OPCS-4 dot; INVALID_ARGUMENT naming `field` otherwise.
Expected<ProcedureCode> NormaliseProcedureCode(std::string_view text, const std::string& field = "procedure");

// "W37.1" for OPCS-4 codes; HRG codes unchanged.
std::string DisplayProcedureCode(const std::string& code);

}  // namespace kmhub::domain
