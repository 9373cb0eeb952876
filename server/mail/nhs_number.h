#pragma once
// NHS numbers in free text (README.md, "Data protection"): ten digits, written together or as
// 3-3-4 with spaces or hyphens, whose tenth digit is the modulus-11 check of the first nine
// (NHS Data Dictionary, "NHS NUMBER"). A run of digits longer than ten is not one.

#include <string>
#include <string_view>
#include <vector>

namespace kmhub::domain {

// The check: weights 10 down to 2 on the first nine digits; 11 − (sum mod 11), 11 → 0, 10 → invalid.
bool IsValidNhsNumber(std::string_view ten_digits);

// The valid NHS numbers in `text`, as ten digits, in order of appearance.
std::vector<std::string> FindNhsNumbers(std::string_view text);

// How a message refused for one names it: "an NHS number ending 5919" — enough to find it in the
// archive, not enough to identify anyone in a log or a terminal.
std::string MaskedNhsNumber(const std::string& ten_digits);

}  // namespace kmhub::domain
