#include "server/access/access_api.h"

#include <google/protobuf/util/time_util.h>

#include "server/platform/rpc/status_mapping.h"
#include "server/platform/rules/text_rules.h"
#include "server/access/token_secret.h"
#include "server/platform/rpc/proto_enums.h"
#include "shared/page_token.h"
#include "shared/resource_name.h"

// Roles are the proto's numbers (platform/rules/access_policy.h).
KMHUB_SAME_NUMBER(kmhub::domain::Role::kViewer, kmhub::v1::ROLE_VIEWER);
KMHUB_SAME_NUMBER(kmhub::domain::Role::kEditor, kmhub::v1::ROLE_EDITOR);
KMHUB_SAME_NUMBER(kmhub::domain::Role::kAdmin, kmhub::v1::ROLE_ADMIN);
KMHUB_SAME_NUMBER(kmhub::domain::Role::kAdmin, kmhub::v1::Role_MAX);

namespace kmhub::api {

using domain::Permission;
using google::protobuf::util::TimeUtil;

namespace {

constexpr int kMaxTtlDays = 3650;
constexpr std::int64_t kMicrosPerDay = 86400LL * 1000 * 1000;

std::string TokenName(std::int64_t id) { return "tokens/" + std::to_string(id); }

Expected<std::int64_t> ParseTokenName(const std::string& name) {
  constexpr std::string_view kPrefix = "tokens/";
  if (name.rfind(kPrefix, 0) == 0) {
    try {
      std::size_t used = 0;
      const auto id = std::stoll(name.substr(kPrefix.size()), &used);
      if (id > 0 && used == name.size() - kPrefix.size()) return static_cast<std::int64_t>(id);
    } catch (const std::exception&) {
      // falls through to the error below
    }
  }
  return InvalidArgument("INVALID_NAME", "'" + name.substr(0, 60) + "' is not a token name (tokens/{id})",
                         {{"name", "must be tokens/{id}"}});
}

void ToProto(const store::TokenRecord& r, kmhub::v1::Token* out) {
  out->set_name(TokenName(r.id));
  out->set_display_name(r.display_name);
  out->set_role(static_cast<kmhub::v1::Role>(r.role));
  if (r.organisation_id) out->set_organisation(OrganisationName(r.organisation_id));
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r.create_micros);
  if (r.expire_micros) *out->mutable_expire_time() = TimeUtil::MicrosecondsToTimestamp(r.expire_micros);
  if (r.revoke_micros) *out->mutable_revoke_time() = TimeUtil::MicrosecondsToTimestamp(r.revoke_micros);
  out->set_created_by(r.created_by);
}

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Expected<IssuedToken> IssueToken(store::TokenStore& tokens, const std::string& display_name, domain::Role role,
                                 std::int64_t organisation_id, int ttl_days, const std::string& created_by) {
  Violations v;
  domain::CheckText(v, "display_name", display_name, 1, domain::kMaxNameLength);
  if (ttl_days < 0 || ttl_days > kMaxTtlDays)
    v.Add("ttl_days", "must be between 0 (never expires) and " + std::to_string(kMaxTtlDays));
  if (!v.empty()) return v.ToError();
  IssuedToken issued;
  issued.secret = domain::NewTokenSecret();
  store::TokenRecord record;
  record.display_name = display_name;
  record.role = static_cast<int>(role);
  record.organisation_id = organisation_id;
  record.token_hash = domain::HashTokenSecret(issued.secret);
  record.created_by = created_by;
  record.expire_micros = ttl_days ? NowMicros() + ttl_days * kMicrosPerDay : 0;
  KMHUB_ASSIGN_OR_RETURN(issued.record, tokens.Create(record));
  return issued;
}

grpc::Status TokenApi::CreateToken(grpc::ServerContext* ctx, const kmhub::v1::CreateTokenRequest* req,
                                   kmhub::v1::CreateTokenResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kManageTokens, __func__));
  if (!domain::IsKnownRole(req->role()))
    return ToGrpcStatus(InvalidArgument("UNKNOWN_ROLE", "role must be ROLE_ADMIN, ROLE_EDITOR or ROLE_VIEWER",
                                        {{"role", "must be set to a known role"}}));
  const auto role = static_cast<domain::Role>(req->role());
  std::int64_t organisation_id = 0;
  if (!req->organisation().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(organisation_id, ParseOrganisationName(req->organisation(), "organisation"));
    KMHUB_RPC_TRY(organisations_.Get(organisation_id));
  }
  // A scoped admin may hand out only tokens of its own scope: scope never widens.
  if (caller.scoped() && organisation_id != *caller.principal().organisation)
    return ToGrpcStatus(caller.OutOfScope("tokens for another scope"));
  caller.Note("role " + std::string(domain::RoleName(role)) +
              (organisation_id ? ", scoped to " + OrganisationName(organisation_id) : ", whole hub") +
              (req->ttl_days() ? ", expires in " + std::to_string(req->ttl_days()) + " days" : ""));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto issued, IssueToken(tokens_, req->display_name(), role, organisation_id,
                                                     req->ttl_days(), caller.principal().name));
  ToProto(issued.record, out->mutable_token());
  out->set_secret(issued.secret);
  return grpc::Status::OK;
}

grpc::Status TokenApi::ListTokens(grpc::ServerContext* ctx, const kmhub::v1::ListTokensRequest* req,
                                  kmhub::v1::ListTokensResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kManageTokens, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  const auto fingerprint = QueryFingerprint(std::string("tokens|") + (req->include_inactive() ? "all" : "active"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto page,
                             tokens_.List({cursor.last_sort_value, cursor.last_id, page_size}, req->include_inactive()));
  for (const auto& t : page.items)
    if (caller.Covers(t.organisation_id) && (!caller.scoped() || t.organisation_id != 0)) ToProto(t, out->add_tokens());
  if (page.has_more) out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
  return grpc::Status::OK;
}

grpc::Status TokenApi::RevokeToken(grpc::ServerContext* ctx, const kmhub::v1::RevokeTokenRequest* req,
                                   kmhub::v1::Token* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kManageTokens, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseTokenName(req->name()));
  if (caller.scoped()) {
    auto found = tokens_.Get(id);
    if (!found || found->organisation_id != *caller.principal().organisation)
      return ToGrpcStatus(caller.OutOfScope(req->name()));
  }
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto revoked, tokens_.Revoke(id));
  auth_.Forget(id);
  ToProto(revoked, out);
  return grpc::Status::OK;
}

grpc::Status TokenApi::GetCaller(grpc::ServerContext* ctx, const kmhub::v1::GetCallerRequest*, kmhub::v1::Caller* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  const auto& p = caller.principal();
  out->set_display_name(p.name);
  out->set_role(static_cast<kmhub::v1::Role>(p.role));
  if (p.organisation) out->set_organisation(OrganisationName(*p.organisation));
  if (p.token_id) out->set_token(TokenName(p.token_id));
  return grpc::Status::OK;
}

grpc::Status AuditApi::ListAuditEvents(grpc::ServerContext* ctx, const kmhub::v1::ListAuditEventsRequest* req,
                                       kmhub::v1::ListAuditEventsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kReadAudit, __func__));
  // The log names every organisation's changes: it is for hub-wide admins only.
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("the audit log"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  Violations v;
  domain::CheckText(v, "actor", req->actor(), 0, 300);
  domain::CheckText(v, "method", req->method(), 0, 100);
  domain::CheckText(v, "resource", req->resource(), 0, 300);
  if (!v.empty()) return ToGrpcStatus(v.ToError("INVALID_FILTER"));
  store::AuditQuery query;
  query.actor = req->actor();
  query.method = req->method();
  query.resource = req->resource();
  if (req->has_start_time()) query.since_micros = TimeUtil::TimestampToMicroseconds(req->start_time());
  if (req->has_end_time()) query.until_micros = TimeUtil::TimestampToMicroseconds(req->end_time());
  const auto fingerprint = QueryFingerprint("audit|" + query.actor + "|" + query.method + "|" + query.resource + "|" +
                                            std::to_string(query.since_micros) + "|" +
                                            std::to_string(query.until_micros));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  query.position = {cursor.last_sort_value, cursor.last_id, page_size};
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto page, audit_.List(query));
  for (const auto& e : page.items) {
    auto* event = out->add_events();
    event->set_name("auditEvents/" + std::to_string(e.id));
    *event->mutable_event_time() = TimeUtil::MicrosecondsToTimestamp(e.event_micros);
    event->set_actor(e.actor);
    event->set_method(e.method);
    event->set_resource(e.resource);
    event->set_request_id(e.request_id);
    event->set_summary(e.summary);
    for (const auto& c : e.changes) {
      auto* change = event->add_changes();
      change->set_field(c.field);
      change->set_before(c.before);
      change->set_after(c.after);
    }
  }
  if (page.has_more) out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
  return grpc::Status::OK;
}

}  // namespace kmhub::api
