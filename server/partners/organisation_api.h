#pragma once

#include <memory>

#include "server/platform/rpc/authorizer.h"

#include "kmhub/v1/organisation.grpc.pb.h"
#include "server/partners/organisation_store.h"

namespace kmhub::api {

class OrganisationApi final : public kmhub::v1::OrganisationService::Service {
 public:
  OrganisationApi(std::shared_ptr<store::Database> db, Authorizer& auth, int max_page_size)
      : auth_(auth), organisations_(std::move(db)), max_page_size_(max_page_size) {}

  grpc::Status CreateOrganisation(grpc::ServerContext* ctx, const kmhub::v1::CreateOrganisationRequest* req,
                                  kmhub::v1::Organisation* out) override;
  grpc::Status GetOrganisation(grpc::ServerContext* ctx, const kmhub::v1::GetOrganisationRequest* req,
                               kmhub::v1::Organisation* out) override;
  grpc::Status ListOrganisations(grpc::ServerContext* ctx, const kmhub::v1::ListOrganisationsRequest* req,
                                 kmhub::v1::ListOrganisationsResponse* out) override;
  grpc::Status UpdateOrganisation(grpc::ServerContext* ctx, const kmhub::v1::UpdateOrganisationRequest* req,
                                  kmhub::v1::Organisation* out) override;
  grpc::Status DeleteOrganisation(grpc::ServerContext* ctx, const kmhub::v1::DeleteOrganisationRequest* req,
                                  google::protobuf::Empty* out) override;

 private:
  Authorizer& auth_;
  store::OrganisationStore organisations_;
  int max_page_size_;
};

}  // namespace kmhub::api
