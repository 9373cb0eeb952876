#pragma once
// Bearer tokens: only their hash is stored; the secret is shown once, at creation.

#include <cstdint>
#include <memory>
#include <string>

#include "server/platform/db/database.h"
#include "server/platform/db/page.h"
#include "shared/error.h"

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

class TokenStore {
 public:
  explicit TokenStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  Expected<TokenRecord> Create(const TokenRecord& token);
  Expected<TokenRecord> Get(std::int64_t id);
  // NOT_FOUND for an unknown hash; the caller decides what an expired token means.
  Expected<TokenRecord> FindByHash(const std::string& token_hash);
  // Oldest first; revoked and expired tokens are listed only with include_inactive.
  Expected<Page<TokenRecord>> List(const PagePosition& position, bool include_inactive);
  // Revoking twice is not an error: the token stays revoked at the first time.
  Expected<TokenRecord> Revoke(std::int64_t id);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace kmhub::store
