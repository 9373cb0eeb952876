#include "server/mail/nhs_number.h"

#include <cctype>

namespace kmhub::domain {

namespace {
bool Digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

bool IsValidNhsNumber(std::string_view d) {
  if (d.size() != 10) return false;
  for (char c : d)
    if (!Digit(c)) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  return check != 10 && check == d[9] - '0';
}

std::vector<std::string> FindNhsNumbers(std::string_view text) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!Digit(text[i]) || (i > 0 && Digit(text[i - 1]))) continue;
    // Ten digits, allowing one space or hyphen after the third and the sixth (3-3-4).
    std::string digits;
    std::size_t j = i;
    while (j < text.size() && digits.size() < 10) {
      if (Digit(text[j])) {
        digits += text[j++];
      } else if ((digits.size() == 3 || digits.size() == 6) && (text[j] == ' ' || text[j] == '-') &&
                 j + 1 < text.size() && Digit(text[j + 1])) {
        ++j;
      } else {
        break;
      }
    }
    if (digits.size() == 10 && (j >= text.size() || !Digit(text[j])) && IsValidNhsNumber(digits)) {
      found.push_back(digits);
      i = j - 1;
    }
  }
  return found;
}

std::string MaskedNhsNumber(const std::string& ten_digits) {
  return "an NHS number ending " + ten_digits.substr(ten_digits.size() >= 4 ? ten_digits.size() - 4 : 0);
}

}  // namespace kmhub::domain
