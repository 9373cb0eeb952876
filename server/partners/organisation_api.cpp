#include "server/partners/organisation_api.h"

#include "server/platform/rpc/field_mask.h"
#include "server/partners/partner_mapping.h"
#include "server/platform/rpc/status_mapping.h"
#include "server/partners/organisation_rules.h"
#include "server/platform/rules/text_rules.h"
#include "shared/page_token.h"
#include "shared/resource_name.h"

namespace kmhub::api {

using domain::Permission;

namespace {

using kmhub::v1::Organisation;

store::OrganisationOrder OrderField(const std::string& field) {
  if (field == "ods_code") return store::OrganisationOrder::kOdsCode;
  if (field == "create_time") return store::OrganisationOrder::kCreateTime;
  return store::OrganisationOrder::kDisplayName;
}

Outcome CheckListFilters(const kmhub::v1::ListOrganisationsRequest& req) {
  Violations v;
  if (req.kind() != 0 && !domain::IsKnownOrganisationKind(req.kind()))
    v.Add("kind", std::to_string(req.kind()) + " is not a known organisation kind");
  if (!req.tag().empty() && !domain::IsValidTag(domain::AsciiLower(req.tag())))
    v.Add("tag", "'" + req.tag().substr(0, 40) + "' is not a tag (lower-case letters, digits and '-')");
  domain::CheckText(v, "name_prefix", req.name_prefix(), 0, domain::kMaxNameLength);
  if (!v.empty()) return v.ToError("INVALID_FILTER");
  return Ok{};
}

}  // namespace

grpc::Status OrganisationApi::CreateOrganisation(grpc::ServerContext* ctx, const kmhub::v1::CreateOrganisationRequest* req,
                                                 Organisation* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("new organisations"));
  KMHUB_RPC_TRY(domain::ValidateRequestId(req->request_id()));
  auto record = FromProto(req->organisation());
  KMHUB_RPC_TRY(domain::NormaliseOrganisation(record));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto created, organisations_.Create(record, req->request_id()));
  ToProto(created, out);
  return grpc::Status::OK;
}

grpc::Status OrganisationApi::GetOrganisation(grpc::ServerContext* ctx, const kmhub::v1::GetOrganisationRequest* req,
                                              Organisation* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseOrganisationName(req->name()));
  if (!caller.Covers(id)) return ToGrpcStatus(caller.OutOfScope(req->name()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto found, organisations_.Get(id));
  ToProto(found, out);
  return grpc::Status::OK;
}

grpc::Status OrganisationApi::ListOrganisations(grpc::ServerContext* ctx, const kmhub::v1::ListOrganisationsRequest* req,
                                                kmhub::v1::ListOrganisationsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto order,
                             domain::ParseOrderBy(req->order_by(), {"display_name", "ods_code", "create_time"}));
  KMHUB_RPC_TRY(CheckListFilters(*req));
  const auto fingerprint =
      QueryFingerprint("organisations|" + std::to_string(req->kind()) + "|" + domain::AsciiLower(req->tag()) + "|" +
                       req->name_prefix() + "|" + order.field + (order.descending ? " desc" : ""));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));

  store::OrganisationQuery query;
  query.kind = req->kind();
  query.tag = domain::AsciiLower(req->tag());
  query.name_prefix = req->name_prefix();
  query.order = OrderField(order.field);
  query.descending = order.descending;
  query.position = {cursor.last_sort_value, cursor.last_id, page_size};
  query.only_id = caller.principal().organisation.value_or(0);  // a scoped caller sees its own only
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto page, organisations_.List(query));
  for (const auto& r : page.items) ToProto(r, out->add_organisations());
  if (page.has_more) out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
  return grpc::Status::OK;
}

grpc::Status OrganisationApi::UpdateOrganisation(grpc::ServerContext* ctx, const kmhub::v1::UpdateOrganisationRequest* req,
                                                 Organisation* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseOrganisationName(req->organisation().name(), "organisation.name"));
  if (!caller.Covers(id)) return ToGrpcStatus(caller.OutOfScope(req->organisation().name()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto paths,
                             ResolveUpdateMask(req->update_mask(), domain::OrganisationUpdatableFields()));
  caller.Note("fields: " + JoinPaths(paths));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto current, organisations_.Get(id));
  const auto expected = RevisionFromEtag(req->organisation().etag());
  if (expected != 0 && expected != current.revision)
    return ToGrpcStatus(Aborted("ETAG_MISMATCH", "organisation " + req->organisation().name() +
                                                     " has changed since you read it (etag " + EtagOf(current.revision) +
                                                     "); read it again and retry"));
  const auto revision = current.revision;
  domain::ApplyOrganisationPatch(current, FromProto(req->organisation()), paths);
  KMHUB_RPC_TRY(domain::NormaliseOrganisation(current));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto updated, organisations_.Update(current, revision));
  ToProto(updated, out);
  return grpc::Status::OK;
}

grpc::Status OrganisationApi::DeleteOrganisation(grpc::ServerContext* ctx, const kmhub::v1::DeleteOrganisationRequest* req,
                                                 google::protobuf::Empty*) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  // Removing a partner is a decision for the whole hub, not for one organisation's token.
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("deleting organisations"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseOrganisationName(req->name()));
  store::DeleteOrganisationOptions options;
  options.force = req->force();
  options.expected_revision = RevisionFromEtag(req->etag());
  KMHUB_RPC_TRY(organisations_.Delete(id, options));
  return grpc::Status::OK;
}

}  // namespace kmhub::api
