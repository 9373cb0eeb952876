#pragma once
// Authentication and authorisation of every RPC. Each handler's first line is
//   KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kX, __func__));
// and tests/platform/authorization_test.cpp walks every method of every service (from the
// descriptors) to prove that none forgot it.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/platform/rules/access_policy.h"
#include "server/platform/db/audit_log.h"
#include "shared/error.h"

namespace kmhub::api {

// A token as the authorizer needs it. The access capability keeps the tokens and answers through
// a TokenDirectory, so that the platform does not depend on a capability.
struct TokenGrant {
  domain::Principal principal;
  std::int64_t expire_micros = 0;  // 0: never
};

class TokenDirectory {
 public:
  virtual ~TokenDirectory() = default;
  // The key a secret is looked up and cached under (its hash: secrets are never kept); none for
  // text that cannot be a token.
  virtual std::optional<std::string> KeyOf(std::string_view secret) const = 0;
  // The token with that key, valid (not revoked, not expired) at `now_micros`; NOT_FOUND
  // otherwise; UNAVAILABLE when the database cannot be reached.
  virtual Expected<TokenGrant> Find(const std::string& key, std::int64_t now_micros) = 0;
};

// A client certificate's subject common name granted a role (mutual TLS).
struct CertificateGrant {
  domain::Role role = domain::Role::kViewer;
  std::int64_t organisation = 0;  // 0: not scoped
};

struct AuthOptions {
  bool enabled = true;  // false only with --insecure-no-auth
  std::map<std::string, CertificateGrant> certificate_grants;  // by subject CN
  // Per caller (token or certificate): sustained requests per second and burst; 0: no limit.
  double rate_per_second = 1000;
  double rate_burst = 2000;
  // A checked token is trusted this long before the database is asked again: revocation on
  // another server of the same database takes effect within it.
  std::chrono::milliseconds token_cache_ttl{5000};
  // Work on a call without a deadline stops after this long.
  std::chrono::milliseconds default_deadline{30000};
};

// The authenticated, authorised caller of one RPC. While it lives, changes the store makes on
// this thread are audited in its name.
class Caller {
 public:
  Caller(domain::Principal principal, std::string method, std::string request_id, grpc::ServerContextBase* ctx,
         std::chrono::steady_clock::time_point give_up);
  Caller(Caller&&) noexcept = default;
  Caller& operator=(Caller&&) noexcept = default;

  const domain::Principal& principal() const { return principal_; }
  bool Covers(std::int64_t organisation_id) const { return domain::CoversOrganisation(principal_, organisation_id); }
  bool scoped() const { return principal_.organisation.has_value(); }
  // PERMISSION_DENIED naming `what` (the same whether or not it exists).
  Error OutOfScope(std::string_view what) const { return domain::OutOfScope(principal_, what); }
  // For a record that involves organisations (a project: its consortium and partners): OK when
  // the caller is unscoped (`involved` is not called) or covers one of them; PERMISSION_DENIED
  // naming `what` when it covers none, and also when the record does not exist (`involved` says
  // NOT_FOUND), so that scope never reveals existence. Other errors pass through.
  Outcome Reaches(const std::function<Expected<std::vector<std::int64_t>>()>& involved, std::string_view what) const;
  // Adds words to the audit summary of this call's changes ("fields: title, state").
  void Note(std::string detail) const;
  // CANCELLED when the client went away, DEADLINE_EXCEEDED past the (default) deadline:
  // long handlers check this between phases and stop.
  Outcome StillWanted() const;

 private:
  domain::Principal principal_;
  std::unique_ptr<store::ChangeAuthorScope> audit_;
  grpc::ServerContextBase* ctx_;
  std::chrono::steady_clock::time_point give_up_;
};

class Authorizer {
 public:
  Authorizer(std::unique_ptr<TokenDirectory> tokens, AuthOptions options);
  ~Authorizer();

  // UNAUTHENTICATED without valid credentials, PERMISSION_DENIED when the role lacks
  // `permission`, RESOURCE_EXHAUSTED over the rate limit. `method` names the RPC in the audit log.
  Expected<Caller> Require(grpc::ServerContextBase* ctx, domain::Permission permission, std::string_view method);
  // Drops a revoked token from the cache at once.
  void Forget(std::int64_t token_id);
  bool enabled() const { return options_.enabled; }

 private:
  Expected<domain::Principal> Authenticate(grpc::ServerContextBase* ctx);
  Expected<domain::Principal> FromToken(std::string_view secret);
  Outcome ChargeRate(const domain::Principal& principal);

  struct CachedToken {
    domain::Principal principal;
    std::int64_t expire_micros = 0;
    std::chrono::steady_clock::time_point checked;
  };
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled;
  };

  std::unique_ptr<TokenDirectory> tokens_;
  AuthOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, CachedToken> cache_;  // by token hash
  std::unordered_map<std::string, Bucket> buckets_;     // by principal name
};

}  // namespace kmhub::api
