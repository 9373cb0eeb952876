#include "server/platform/rpc/etag.h"

#include <string>

namespace kmhub::api {

std::string EtagOf(std::int64_t revision) { return "\"" + std::to_string(revision) + "\""; }

std::int64_t RevisionFromEtag(const std::string& etag) {
  if (etag.empty()) return 0;
  if (etag.size() < 3 || etag.front() != '"' || etag.back() != '"') return -1;
  try {
    std::size_t used = 0;
    const auto value = std::stoll(etag.substr(1, etag.size() - 2), &used);
    return used == etag.size() - 2 && value > 0 ? value : -1;
  } catch (...) {
    return -1;
  }
}

}  // namespace kmhub::api
