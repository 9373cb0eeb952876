#include "tests/support/sqlite_log.h"

#include <fstream>

namespace kmhub::testing {

std::uint64_t LogSalts(const std::string& log_path) {
  std::ifstream log(log_path, std::ios::binary);
  unsigned char header[24] = {};
  log.read(reinterpret_cast<char*>(header), sizeof header);
  std::uint64_t salts = 0;
  for (int i = 16; i < 24; ++i) salts = salts << 8 | header[i];
  return salts;
}

}  // namespace kmhub::testing
