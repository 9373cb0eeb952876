#include "client/request_id.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <set>
#include <string>
#include <thread>

using kmhub::client::NewRequestId;

TEST_CASE("request ids are version-7 UUIDs: lower-case hex in 8-4-4-4-12, version 7, RFC variant") {
  const std::regex uuid7("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (int i = 0; i < 100; ++i) {
    const auto id = NewRequestId();
    INFO(id);
    CHECK(std::regex_match(id, uuid7));
  }
}

TEST_CASE("request ids begin with the time in milliseconds, so that later ones sort after earlier ones") {
  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto first = NewRequestId();
  const auto millis_of = [](const std::string& id) {  // the first 48 bits: 8 + 4 hex digits
    return std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
  };
  CHECK(millis_of(first) >= before);
  CHECK(millis_of(first) <= before + 1000);
  // The next millisecond's id, waited for rather than slept for.
  auto later = NewRequestId();
  while (millis_of(later) == millis_of(first)) later = NewRequestId();
  CHECK(later > first);  // as text too: the server's index orders them so
}

TEST_CASE("request ids made in the same millisecond still differ") {
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) ids.insert(NewRequestId());
  CHECK(ids.size() == 10000);
}
