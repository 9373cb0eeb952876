#pragma once
// The SHA-256 of an imported file, recorded with the import so that an admin can tell which
// file went in (and spot the same file imported twice).

#include <string>
#include <string_view>

namespace kmhub::domain {

// Lower-case hex.
std::string Sha256Hex(std::string_view data);

}  // namespace kmhub::domain
