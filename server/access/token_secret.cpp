#include "server/access/token_secret.h"

#include <sodium.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace kmhub::domain {

namespace {
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kEncodedLength = 43;  // base64url of 32 bytes, no padding

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; < 0 means no usable randomness source.
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}
}  // namespace

std::string NewTokenSecret() {
  EnsureSodium();
  std::array<unsigned char, kSecretBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, kEncodedLength + 1> encoded{};
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(kTokenPrefix) + encoded.data();
}

std::string HashTokenSecret(std::string_view token) {
  EnsureSodium();
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return hex.data();
}

bool LooksLikeTokenSecret(std::string_view token) {
  if (token.size() != kTokenPrefix.size() + kEncodedLength || token.substr(0, kTokenPrefix.size()) != kTokenPrefix)
    return false;
  for (char c : token.substr(kTokenPrefix.size()))
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace kmhub::domain
