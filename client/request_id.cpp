#include "client/request_id.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <random>

namespace kmhub::client {

std::string NewRequestId() {
  static std::mutex mutex;
  static std::mt19937_64 engine{std::random_device{}()};
  std::uint64_t random_a = 0, random_b = 0;
  {
    std::lock_guard<std::mutex> lock(mutex);
    random_a = engine();
    random_b = engine();
  }
  const auto millis = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  const std::uint64_t hi = (millis << 16) | 0x7000ULL | (random_a & 0x0FFFULL);       // unix_ts_ms, ver 7, rand_a
  const std::uint64_t lo = (random_b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10, rand_b
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

}  // namespace kmhub::client
