#pragma once
// The bytes of a file of the team's fixtures (../shared/fixtures), for the mail tests.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace kmhub::testing {

inline std::string TeamFixture(const std::string& name) {
  std::ifstream in(std::string(KMHUB_FIXTURES_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace kmhub::testing
