#pragma once
// TokenService and AuditService: managing bearer tokens, and reading the audit log.

#include <memory>

#include "kmhub/v1/access.grpc.pb.h"
#include "server/platform/rpc/authorizer.h"
#include "server/platform/db/audit_log.h"
#include "server/partners/organisation_store.h"
#include "server/access/token_store.h"

namespace kmhub::api {

class TokenApi final : public kmhub::v1::TokenService::Service {
 public:
  TokenApi(std::shared_ptr<store::Database> db, Authorizer& auth, int max_page_size)
      : auth_(auth), tokens_(db), organisations_(db), max_page_size_(max_page_size) {}

  grpc::Status CreateToken(grpc::ServerContext* ctx, const kmhub::v1::CreateTokenRequest* req,
                           kmhub::v1::CreateTokenResponse* out) override;
  grpc::Status ListTokens(grpc::ServerContext* ctx, const kmhub::v1::ListTokensRequest* req,
                          kmhub::v1::ListTokensResponse* out) override;
  grpc::Status RevokeToken(grpc::ServerContext* ctx, const kmhub::v1::RevokeTokenRequest* req,
                           kmhub::v1::Token* out) override;
  grpc::Status GetCaller(grpc::ServerContext* ctx, const kmhub::v1::GetCallerRequest* req,
                         kmhub::v1::Caller* out) override;

 private:
  Authorizer& auth_;
  store::TokenStore tokens_;
  store::OrganisationStore organisations_;
  int max_page_size_;
};

class AuditApi final : public kmhub::v1::AuditService::Service {
 public:
  AuditApi(std::shared_ptr<store::Database> db, Authorizer& auth, int max_page_size)
      : auth_(auth), audit_(std::move(db)), max_page_size_(max_page_size) {}

  grpc::Status ListAuditEvents(grpc::ServerContext* ctx, const kmhub::v1::ListAuditEventsRequest* req,
                               kmhub::v1::ListAuditEventsResponse* out) override;

 private:
  Authorizer& auth_;
  store::AuditStore audit_;
  int max_page_size_;
};

// Creates a token directly in the store (the bootstrap path: `kmhub-server token create`).
struct IssuedToken {
  store::TokenRecord record;
  std::string secret;
};
Expected<IssuedToken> IssueToken(store::TokenStore& tokens, const std::string& display_name, domain::Role role,
                                 std::int64_t organisation_id, int ttl_days, const std::string& created_by);

}  // namespace kmhub::api
