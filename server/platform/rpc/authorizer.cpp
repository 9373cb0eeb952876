#include "server/platform/rpc/authorizer.h"

#include <cmath>

#include "shared/resource_name.h"

namespace kmhub::api {

namespace {

using domain::Principal;

constexpr std::size_t kMaxCachedTokens = 10000;

std::int64_t NowMicrosSinceEpoch() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Metadata(const grpc::ServerContextBase* ctx, std::string_view key) {
  const auto& md = ctx->client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

Error NoCredentials() {
  return Unauthenticated("MISSING_CREDENTIALS",
                         "this call needs a token: send 'authorization: Bearer <token>' (kmhub --token or KMHUB_TOKEN)");
}

Error BadToken() {
  // One message for unknown, malformed, expired and revoked tokens: nothing to probe with.
  return Unauthenticated("INVALID_TOKEN", "the token is not valid (unknown, expired or revoked); ask an admin for a new one");
}

}  // namespace

Caller::Caller(Principal principal, std::string method, std::string request_id, grpc::ServerContextBase* ctx,
               std::chrono::steady_clock::time_point give_up)
    : principal_(std::move(principal)), ctx_(ctx), give_up_(give_up) {
  audit_ = std::make_unique<store::ChangeAuthorScope>(
      store::ChangeAuthor{principal_.name, std::move(method), std::move(request_id), ""});
}

void Caller::Note(std::string detail) const { audit_->author().detail = std::move(detail); }

Outcome Caller::StillWanted() const {
  if (ctx_ && ctx_->IsCancelled()) return Cancelled("CALL_CANCELLED", "the caller cancelled the call or its deadline passed");
  if (std::chrono::steady_clock::now() > give_up_)
    return DeadlineExceeded("SERVER_DEADLINE",
                            "the call ran past the server's default deadline; set a deadline or narrow the request");
  return Ok{};
}

Outcome Caller::Reaches(const std::function<Expected<std::vector<std::int64_t>>()>& involved,
                        std::string_view what) const {
  if (!scoped()) return Ok{};
  auto organisations = involved();
  if (!organisations) {
    if (organisations.error().code == ErrorCode::kNotFound) return OutOfScope(what);
    return organisations.error();
  }
  for (auto id : *organisations)
    if (Covers(id)) return Ok{};
  return OutOfScope(what);
}

Authorizer::Authorizer(std::unique_ptr<TokenDirectory> tokens, AuthOptions options)
    : tokens_(std::move(tokens)), options_(std::move(options)) {}

Authorizer::~Authorizer() = default;

Expected<Caller> Authorizer::Require(grpc::ServerContextBase* ctx, domain::Permission permission, std::string_view method) {
  KMHUB_ASSIGN_OR_RETURN(auto principal, Authenticate(ctx));
  if (!domain::RoleAllows(principal.role, permission))
    return PermissionDenied("ROLE_NOT_PERMITTED", principal.name + " has the " +
                                                      std::string(domain::RoleName(principal.role)) +
                                                      " role, which may not " +
                                                      std::string(domain::PermissionName(permission)));
  KMHUB_TRY(ChargeRate(principal));
  const auto now = std::chrono::steady_clock::now();
  auto give_up = now + options_.default_deadline;
  if (ctx) {
    const auto deadline = ctx->deadline();
    if (deadline != std::chrono::system_clock::time_point::max())
      give_up = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          deadline - std::chrono::system_clock::now());
  }
  std::string request_id = ctx ? Metadata(ctx, "x-request-id").substr(0, 100) : "";
  return Caller(std::move(principal), std::string(method), std::move(request_id), ctx, give_up);
}

Expected<Principal> Authorizer::Authenticate(grpc::ServerContextBase* ctx) {
  if (!options_.enabled) return Principal{0, "anonymous (authentication off)", domain::Role::kAdmin, std::nullopt};
  if (!ctx) return NoCredentials();

  const std::string header = Metadata(ctx, "authorization");
  if (!header.empty()) {
    const auto token = domain::BearerToken(header);
    if (token.empty()) return BadToken();
    return FromToken(token);
  }

  // Mutual TLS: a verified client certificate whose common name was granted a role.
  if (auto auth = ctx->auth_context(); auth && auth->IsPeerAuthenticated()) {
    for (const auto& cn : auth->FindPropertyValues("x509_common_name")) {
      const std::string name(cn.data(), cn.size());
      auto grant = options_.certificate_grants.find(name);
      if (grant == options_.certificate_grants.end()) continue;
      Principal p{0, "certificate CN=" + name, grant->second.role, std::nullopt};
      if (grant->second.organisation) p.organisation = grant->second.organisation;
      return p;
    }
    return PermissionDenied("CERTIFICATE_NOT_GRANTED",
                            "the client certificate is valid but its subject has no role on this server; send a token "
                            "or ask the operator to add --client-cert-role");
  }
  return NoCredentials();
}

Expected<Principal> Authorizer::FromToken(std::string_view secret) {
  const auto key = tokens_->KeyOf(secret);
  if (!key) return BadToken();
  const auto steady_now = std::chrono::steady_clock::now();
  const auto now_micros = NowMicrosSinceEpoch();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(*key);
    if (it != cache_.end() && steady_now - it->second.checked < options_.token_cache_ttl) {
      if (it->second.expire_micros != 0 && now_micros >= it->second.expire_micros) return BadToken();
      return it->second.principal;
    }
  }
  auto found = tokens_->Find(*key, now_micros);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return BadToken();
    return found.error();  // the database is unreachable: UNAVAILABLE, which clients retry
  }
  std::lock_guard lock(mu_);
  if (cache_.size() >= kMaxCachedTokens) cache_.clear();
  cache_[*key] = CachedToken{found->principal, found->expire_micros, steady_now};
  return found->principal;
}

void Authorizer::Forget(std::int64_t token_id) {
  std::lock_guard lock(mu_);
  std::erase_if(cache_, [&](const auto& entry) { return entry.second.principal.token_id == token_id; });
}

Outcome Authorizer::ChargeRate(const Principal& principal) {
  if (options_.rate_per_second <= 0) return Ok{};
  const double burst = std::max(1.0, options_.rate_burst > 0 ? options_.rate_burst : options_.rate_per_second);
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  auto [it, inserted] = buckets_.try_emplace(principal.name, Bucket{burst, now});
  Bucket& b = it->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
    b.tokens = std::min(burst, b.tokens + elapsed * options_.rate_per_second);
    b.refilled = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return Ok{};
  }
  const int wait_ms = static_cast<int>(std::ceil((1.0 - b.tokens) / options_.rate_per_second * 1000.0));
  return ResourceExhausted("RATE_LIMITED",
                           principal.name + " is over its limit of " + std::to_string(options_.rate_per_second) +
                               " requests per second; retry after " + std::to_string(wait_ms) + " ms",
                           wait_ms);
}

}  // namespace kmhub::api
