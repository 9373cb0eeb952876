#include "server/partners/relationship_api.h"

#include "server/platform/rpc/field_mask.h"
#include "server/partners/partner_mapping.h"
#include "server/platform/rpc/status_mapping.h"
#include "server/partners/relationship_rules.h"
#include "server/platform/rules/text_rules.h"
#include "shared/civil_date.h"
#include "shared/page_token.h"
#include "shared/resource_name.h"

namespace kmhub::api {

using domain::Permission;

using kmhub::v1::Relationship;

namespace {

// A relationship is in a scoped caller's reach when its organisation is either end. To such a
// caller one it cannot reach and one that does not exist look alike.
Expected<store::RelationshipRecord> Reachable(store::RelationshipStore& relationships, const Caller& caller,
                                              std::int64_t id, const std::string& name) {
  auto found = relationships.Get(id);
  if (!caller.scoped()) return found;
  if (!found) return found.error().code == ErrorCode::kNotFound ? caller.OutOfScope(name) : found.error();
  if (!caller.Covers(found->organisation_id) && !caller.Covers(found->related_organisation_id))
    return caller.OutOfScope(name);
  return found;
}

}  // namespace

grpc::Status RelationshipApi::CreateRelationship(grpc::ServerContext* ctx, const kmhub::v1::CreateRelationshipRequest* req,
                                                 Relationship* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_TRY(domain::ValidateRequestId(req->request_id()));
  auto record = FromProto(req->relationship());
  KMHUB_RPC_ASSIGN_OR_RETURN(record.organisation_id,
                             ParseOrganisationName(req->relationship().organisation(), "relationship.organisation"));
  KMHUB_RPC_ASSIGN_OR_RETURN(record.related_organisation_id,
                             ParseOrganisationName(req->relationship().related_organisation(),
                                                   "relationship.related_organisation"));
  KMHUB_RPC_TRY(domain::ValidateRelationship(record));
  if (!caller.Covers(record.organisation_id) && !caller.Covers(record.related_organisation_id))
    return ToGrpcStatus(caller.OutOfScope("relationships between other organisations"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto created, relationships_.Create(record, req->request_id()));
  ToProto(created, out);
  return grpc::Status::OK;
}

grpc::Status RelationshipApi::GetRelationship(grpc::ServerContext* ctx, const kmhub::v1::GetRelationshipRequest* req,
                                              Relationship* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseRelationshipName(req->name()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto found, Reachable(relationships_, caller, id, req->name()));
  ToProto(found, out);
  return grpc::Status::OK;
}

grpc::Status RelationshipApi::ListRelationships(grpc::ServerContext* ctx, const kmhub::v1::ListRelationshipsRequest* req,
                                                kmhub::v1::ListRelationshipsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  store::RelationshipQuery query;
  if (!req->organisation().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(query.organisation_id, ParseOrganisationName(req->organisation(), "organisation"));
    if (!caller.Covers(query.organisation_id)) return ToGrpcStatus(caller.OutOfScope(req->organisation()));
  } else if (caller.scoped()) {
    query.organisation_id = *caller.principal().organisation;
  }
  Violations v;
  if (req->type() < 0 || req->type() > domain::kRelationshipTypeMax)
    v.Add("type", std::to_string(req->type()) + " is not a known relationship type");
  if (!req->active_on().empty() && !CivilDate::Parse(req->active_on()))
    v.Add("active_on", DateProblem(req->active_on()));
  if (!v.empty()) return ToGrpcStatus(v.ToError("INVALID_FILTER"));
  const auto fingerprint = QueryFingerprint("relationships|" + req->organisation() + "|" +
                                            std::to_string(req->type()) + "|" + req->active_on());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  query.type = req->type();
  query.active_on = req->active_on();
  query.position = {cursor.last_sort_value, cursor.last_id, page_size};
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto page, relationships_.List(query));
  for (const auto& r : page.items) ToProto(r, out->add_relationships());
  if (page.has_more) out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
  return grpc::Status::OK;
}

grpc::Status RelationshipApi::UpdateRelationship(grpc::ServerContext* ctx, const kmhub::v1::UpdateRelationshipRequest* req,
                                                 Relationship* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseRelationshipName(req->relationship().name(), "relationship.name"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto paths,
                             ResolveUpdateMask(req->update_mask(), domain::RelationshipUpdatableFields()));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto current, Reachable(relationships_, caller, id, req->relationship().name()));
  caller.Note("fields: " + JoinPaths(paths));
  const auto expected = RevisionFromEtag(req->relationship().etag());
  if (expected != 0 && expected != current.revision)
    return ToGrpcStatus(Aborted("ETAG_MISMATCH", "relationship " + req->relationship().name() +
                                                     " has changed since you read it; read it again and retry"));
  const auto revision = current.revision;
  domain::ApplyRelationshipPatch(current, FromProto(req->relationship()), paths);
  KMHUB_RPC_TRY(domain::ValidateRelationship(current));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto updated, relationships_.Update(current, revision));
  ToProto(updated, out);
  return grpc::Status::OK;
}

grpc::Status RelationshipApi::DeleteRelationship(grpc::ServerContext* ctx, const kmhub::v1::DeleteRelationshipRequest* req,
                                                 google::protobuf::Empty*) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseRelationshipName(req->name()));
  KMHUB_RPC_TRY(Reachable(relationships_, caller, id, req->name()));
  KMHUB_RPC_TRY(relationships_.Delete(id, RevisionFromEtag(req->etag())));
  return grpc::Status::OK;
}

}  // namespace kmhub::api
