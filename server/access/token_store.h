#pragma once
// Bearer tokens: only their hash is stored; the secret is shown once, at creation.

#include <cstdint>
#include <memory>
#include <string>

#include "server/platform/db/database.h"
#include "server/platform/db/page.h"
#include "server/access/records.h"
#include "shared/error.h"

namespace kmhub::store {

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
