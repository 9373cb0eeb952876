#pragma once
// Bearer tokens: only the hash of a token is kept; the secret is shown once, at creation.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kmhub::store {

struct TokenRecord {
  std::int64_t id = 0;
  std::string display_name;
  int role = 0;                      // domain::Role
  std::int64_t organisation_id = 0;  // 0: not scoped
  std::string token_hash;
  std::string created_by;
  std::int64_t create_micros = 0;
  std::int64_t expire_micros = 0;  // 0: never
  std::int64_t revoke_micros = 0;  // 0: not revoked

  bool ValidAt(std::int64_t micros) const {
    return revoke_micros == 0 && (expire_micros == 0 || micros < expire_micros);
  }
};

}  // namespace kmhub::store
