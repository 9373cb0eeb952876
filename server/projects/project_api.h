#pragma once

#include <memory>

#include "server/platform/rpc/authorizer.h"

#include "kmhub/v1/project.grpc.pb.h"
#include "server/projects/contributor_store.h"
#include "server/partners/organisation_store.h"
#include "server/projects/project_mapping.h"
#include "server/projects/project_store.h"

namespace kmhub::api {

class ProjectApi final : public kmhub::v1::ProjectService::Service {
 public:
  ProjectApi(std::shared_ptr<store::Database> db, Authorizer& auth, int max_page_size, int max_import_rows)
      : auth_(auth), projects_(db), organisations_(db), contributors_(db), max_page_size_(max_page_size), max_import_rows_(max_import_rows) {}

  grpc::Status CreateProject(grpc::ServerContext*, const kmhub::v1::CreateProjectRequest*, kmhub::v1::Project*) override;
  grpc::Status GetProject(grpc::ServerContext*, const kmhub::v1::GetProjectRequest*, kmhub::v1::Project*) override;
  grpc::Status ListProjects(grpc::ServerContext*, const kmhub::v1::ListProjectsRequest*,
                            kmhub::v1::ListProjectsResponse*) override;
  grpc::Status UpdateProject(grpc::ServerContext*, const kmhub::v1::UpdateProjectRequest*, kmhub::v1::Project*) override;
  grpc::Status DeleteProject(grpc::ServerContext*, const kmhub::v1::DeleteProjectRequest*,
                             google::protobuf::Empty*) override;
  grpc::Status CreateMilestone(grpc::ServerContext*, const kmhub::v1::CreateMilestoneRequest*,
                               kmhub::v1::Milestone*) override;
  grpc::Status ListMilestones(grpc::ServerContext*, const kmhub::v1::ListMilestonesRequest*,
                              kmhub::v1::ListMilestonesResponse*) override;
  grpc::Status UpdateMilestone(grpc::ServerContext*, const kmhub::v1::UpdateMilestoneRequest*,
                               kmhub::v1::Milestone*) override;
  grpc::Status DeleteMilestone(grpc::ServerContext*, const kmhub::v1::DeleteMilestoneRequest*,
                               google::protobuf::Empty*) override;
  grpc::Status CreateStatusUpdate(grpc::ServerContext*, const kmhub::v1::CreateStatusUpdateRequest*,
                                  kmhub::v1::StatusUpdate*) override;
  grpc::Status ListStatusUpdates(grpc::ServerContext*, const kmhub::v1::ListStatusUpdatesRequest*,
                                 kmhub::v1::ListStatusUpdatesResponse*) override;
  grpc::Status ImportPlan(grpc::ServerContext*, const kmhub::v1::ImportPlanRequest*,
                          kmhub::v1::ImportPlanResponse*) override;
  grpc::Status GetProjectStatus(grpc::ServerContext*, const kmhub::v1::GetProjectStatusRequest*,
                                kmhub::v1::ProjectStatus*) override;
  grpc::Status GetPortfolio(grpc::ServerContext*, const kmhub::v1::GetPortfolioRequest*, kmhub::v1::Portfolio*) override;
  grpc::Status ListProjectContributors(grpc::ServerContext*, const kmhub::v1::ListProjectContributorsRequest*,
                                       kmhub::v1::ListProjectContributorsResponse*) override;

 private:
  Authorizer& auth_;
  // Reads the project back with its RAG, for responses.
  grpc::Status Respond(const std::string& code, kmhub::v1::Project* out);
  // Checks the schedule with `changed` in place of (or added to) its milestones, then saves it.
  // The display names of the milestones' owners, in one query.
  Expected<OwnerNames> OwnersOf(const std::vector<store::MilestoneRecord>& milestones);
  grpc::Status SaveMilestone(const store::Schedule& schedule, store::MilestoneRecord changed,
                             const std::string& project_code, const std::string& request_id, kmhub::v1::Milestone* out);

  store::ProjectStore projects_;
  store::OrganisationStore organisations_;
  store::ContributorStore contributors_;
  int max_page_size_;
  int max_import_rows_;
};

}  // namespace kmhub::api
