#include "server/access/stored_tokens.h"

#include "server/access/token_secret.h"

namespace kmhub::api {

std::optional<std::string> StoredTokens::KeyOf(std::string_view secret) const {
  if (!domain::LooksLikeTokenSecret(secret)) return std::nullopt;
  return domain::HashTokenSecret(secret);
}

Expected<TokenGrant> StoredTokens::Find(const std::string& key, std::int64_t now_micros) {
  KMHUB_ASSIGN_OR_RETURN(const auto token, tokens_.FindByHash(key));
  if (!token.ValidAt(now_micros)) return NotFound("TOKEN_NOT_VALID", "the token is revoked or expired");
  TokenGrant grant;
  grant.principal = {token.id, "token " + std::to_string(token.id) + " (" + token.display_name + ")",
                     static_cast<domain::Role>(token.role), std::nullopt};
  if (token.organisation_id) grant.principal.organisation = token.organisation_id;
  grant.expire_micros = token.expire_micros;
  return grant;
}

}  // namespace kmhub::api
