#include "shared/link_notation.h"

namespace kmhub {

std::string LinkNotation(int type, int lag_days) {
  static const char* const kCodes[] = {"FS", "FS", "SS", "FF", "SF"};
  if (type < 1 || type > 4) type = 1;
  if (type == 1 && lag_days == 0) return "";
  std::string out = kCodes[type];
  if (lag_days != 0) out += (lag_days > 0 ? "+" : "") + std::to_string(lag_days) + "d";
  return out;
}

}  // namespace kmhub
