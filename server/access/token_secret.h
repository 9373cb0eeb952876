#pragma once
// Bearer token secrets: random, shown once, stored only as a hash. A token has 256 random
// bits, so a fast keyed-free hash (BLAKE2b) is enough: there is nothing to brute-force that a
// slow password hash would protect.

#include <string>
#include <string_view>

namespace kmhub::domain {

inline constexpr std::string_view kTokenPrefix = "kmhub_";

// "kmhub_" + 43 base64url characters (32 bytes from the system's CSPRNG).
std::string NewTokenSecret();
// Lower-case hex BLAKE2b-256 of the whole token text.
std::string HashTokenSecret(std::string_view token);
// Cheap shape check before any lookup: prefix, length and alphabet.
bool LooksLikeTokenSecret(std::string_view token);

}  // namespace kmhub::domain
