#pragma once
// The tokens of the token store as the authorizer looks them up (platform/rpc/authorizer.h):
// by the hash of the secret a caller sends.

#include <memory>

#include "server/access/token_store.h"
#include "server/platform/rpc/authorizer.h"

namespace kmhub::api {

class StoredTokens : public TokenDirectory {
 public:
  explicit StoredTokens(std::shared_ptr<store::Database> db) : tokens_(std::move(db)) {}
  std::optional<std::string> KeyOf(std::string_view secret) const override;
  Expected<TokenGrant> Find(const std::string& key, std::int64_t now_micros) override;

 private:
  store::TokenStore tokens_;
};

}  // namespace kmhub::api
