#pragma once

#include <memory>

#include "server/platform/rpc/authorizer.h"

#include "kmhub/v1/relationship.grpc.pb.h"
#include "server/partners/relationship_store.h"

namespace kmhub::api {

class RelationshipApi final : public kmhub::v1::RelationshipService::Service {
 public:
  RelationshipApi(std::shared_ptr<store::Database> db, Authorizer& auth, int max_page_size)
      : auth_(auth), relationships_(std::move(db)), max_page_size_(max_page_size) {}

  grpc::Status CreateRelationship(grpc::ServerContext* ctx, const kmhub::v1::CreateRelationshipRequest* req,
                                  kmhub::v1::Relationship* out) override;
  grpc::Status GetRelationship(grpc::ServerContext* ctx, const kmhub::v1::GetRelationshipRequest* req,
                               kmhub::v1::Relationship* out) override;
  grpc::Status ListRelationships(grpc::ServerContext* ctx, const kmhub::v1::ListRelationshipsRequest* req,
                                 kmhub::v1::ListRelationshipsResponse* out) override;
  grpc::Status UpdateRelationship(grpc::ServerContext* ctx, const kmhub::v1::UpdateRelationshipRequest* req,
                                  kmhub::v1::Relationship* out) override;
  grpc::Status DeleteRelationship(grpc::ServerContext* ctx, const kmhub::v1::DeleteRelationshipRequest* req,
                                  google::protobuf::Empty* out) override;

 private:
  Authorizer& auth_;
  store::RelationshipStore relationships_;
  int max_page_size_;
};

}  // namespace kmhub::api
