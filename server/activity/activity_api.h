#pragma once

#include <memory>

#include "kmhub/v1/activity.grpc.pb.h"
#include "server/platform/rpc/authorizer.h"
#include "server/activity/activity_store.h"
#include "server/projects/project_store.h"
#include "server/partners/organisation_store.h"
#include "server/partners/relationship_store.h"

namespace kmhub::api {

class ActivityApi final : public kmhub::v1::ActivityService::Service {
 public:
  ActivityApi(std::shared_ptr<store::Database> db, Authorizer& auth, int max_import_rows)
      : auth_(auth),
        activity_(db),
        projects_(db),
        relationships_(db),
        organisations_(db),
        max_import_rows_(max_import_rows) {}

  grpc::Status ComputeProjectRoi(grpc::ServerContext* ctx, const kmhub::v1::ComputeProjectRoiRequest* req,
                                 kmhub::v1::ProjectRoi* out) override;
  grpc::Status RankProjectRoi(grpc::ServerContext* ctx, const kmhub::v1::RankProjectRoiRequest* req,
                              kmhub::v1::RankProjectRoiResponse* out) override;
  grpc::Status ImportProcedures(grpc::ServerContext* ctx, const kmhub::v1::ImportProceduresRequest* req,
                                kmhub::v1::ImportProceduresResponse* out) override;
  grpc::Status ImportActivity(grpc::ServerContext* ctx, grpc::ServerReader<kmhub::v1::ImportActivityChunk>* reader,
                              kmhub::v1::ImportActivityResponse* out) override;
  grpc::Status ListActivity(grpc::ServerContext* ctx, const kmhub::v1::ListActivityRequest* req,
                            kmhub::v1::ListActivityResponse* out) override;
  grpc::Status ListProcedures(grpc::ServerContext* ctx, const kmhub::v1::ListProceduresRequest* req,
                              kmhub::v1::ListProceduresResponse* out) override;

 private:
  // The consortium and its member practices (consortium-membership relationships, either end).
  // The project's scope (roi_scope.h), reading only its consortium's memberships.
  Expected<store::ActivityScope> ScopeOf(const store::ProjectRecord& project);

  Authorizer& auth_;
  store::ActivityStore activity_;
  store::ProjectStore projects_;
  store::RelationshipStore relationships_;
  store::OrganisationStore organisations_;
  int max_import_rows_;
};

}  // namespace kmhub::api
