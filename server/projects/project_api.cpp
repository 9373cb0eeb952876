#include "server/projects/project_api.h"

#include <algorithm>
#include <map>

#include "server/platform/rpc/field_mask.h"
#include "server/platform/rpc/metrics.h"
#include "server/projects/project_mapping.h"
#include "server/platform/rpc/etag.h"
#include "server/platform/rules/import_file.h"
#include "server/platform/rpc/status_mapping.h"
#include "server/projects/milestone_schedule.h"
#include "server/projects/plan.h"
#include "server/platform/rpc/import_problems.h"
#include "server/projects/project_rag.h"
#include "server/projects/project_rules.h"
#include "server/platform/rules/text_rules.h"
#include "shared/civil_date.h"
#include "shared/page_token.h"
#include "shared/resource_name.h"

namespace kmhub::api {

using domain::Permission;

namespace {

// A scoped caller reaches the projects its organisation is the consortium or a partner of.
Outcome ReachProject(store::ProjectStore& projects, const Caller& caller, const std::string& code) {
  return caller.Reaches([&] { return projects.InvolvedOrganisations(code); }, ProjectName(code));
}

using kmhub::v1::Project;

// ListProjects filtered by RAG reads candidates in batches and keeps the matching ones; this
// bounds the rows one call examines before it returns a shorter page with a token.
constexpr int kMaxRowsScannedPerList = 5000;

std::string EnumKey(const google::protobuf::EnumDescriptor* type, int value) {
  const auto* v = type->FindValueByNumber(value);
  return v ? v->name() : std::to_string(value);
}

}  // namespace

grpc::Status ProjectApi::Respond(const std::string& code, Project* out) {
  const auto today = CivilDate::Today();
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto read, projects_.GetWithFacts(code, today.ToString()));
  ToProto(read.project, AssessProject(read, today).rag, out);
  return grpc::Status::OK;
}

namespace {
bool Involves(const store::ProjectRecord& p, const Caller& caller) {
  if (!caller.scoped()) return true;
  if (p.consortium_id && caller.Covers(p.consortium_id)) return true;
  return std::any_of(p.partners.begin(), p.partners.end(),
                     [&](const store::ProjectPartnerRecord& partner) { return caller.Covers(partner.organisation_id); });
}
}  // namespace

grpc::Status ProjectApi::CreateProject(grpc::ServerContext* ctx, const kmhub::v1::CreateProjectRequest* req, Project* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_TRY(domain::ValidateRequestId(req->request_id()));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto record, ProjectFromProto(req->project()));
  KMHUB_RPC_TRY(domain::NormaliseProject(record));
  if (!Involves(record, caller))
    return ToGrpcStatus(caller.OutOfScope("projects whose consortium or partners do not include it"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto created, projects_.Create(record, req->request_id()));
  return Respond(created.code, out);
}

grpc::Status ProjectApi::GetProject(grpc::ServerContext* ctx, const kmhub::v1::GetProjectRequest* req, Project* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->name()));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  return Respond(code, out);
}

grpc::Status ProjectApi::ListProjects(grpc::ServerContext* ctx, const kmhub::v1::ListProjectsRequest* req,
                                      kmhub::v1::ListProjectsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  store::ProjectQuery query;
  if (!req->consortium().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(query.consortium_id, ParseOrganisationName(req->consortium(), "consortium"));
  }
  if (!req->partner().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(query.partner_id, ParseOrganisationName(req->partner(), "partner"));
  }
  query.involving_id = caller.principal().organisation.value_or(0);
  Violations v;
  if (req->state() != 0 && !domain::IsKnownState(req->state()))
    v.Add("state", std::to_string(req->state()) + " is not a known project state");
  if (req->rag() < 0 || req->rag() > domain::kRagMax) v.Add("rag", std::to_string(req->rag()) + " is not a RAG rating");
  for (const auto& [field, value] : {std::pair{"active_from", req->active_from()}, std::pair{"active_to", req->active_to()}})
    if (!value.empty() && !CivilDate::Parse(value)) v.Add(field, DateProblem(value));
  if (!v.empty()) return ToGrpcStatus(v.ToError("INVALID_FILTER"));

  const auto today = CivilDate::Today();
  const auto fingerprint = QueryFingerprint("projects|" + req->consortium() + "|" + std::to_string(req->state()) + "|" +
                                            std::to_string(req->rag()) + "|" + req->partner() + "|" +
                                            req->active_from() + "|" + req->active_to());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  query.state = req->state();
  query.active_from = req->active_from();
  query.active_to = req->active_to();
  query.today = today.ToString();
  query.position = {cursor.last_sort_value, cursor.last_id, page_size};

  int scanned = 0;
  while (true) {
    KMHUB_RPC_ASSIGN_OR_RETURN(const auto page, projects_.List(query));
    for (const auto& p : page.items) {
      ++scanned;
      const int rag = AssessProject(p, today, domain::RagDetail::kRatingOnly).rag;
      if (req->rag() != 0 && rag != req->rag()) continue;
      ToProto(p.project, rag, out->add_projects());
      if (out->projects_size() == page_size) {
        // More may follow this row: resume after it.
        const bool last_of_all = !page.has_more && &p == &page.items.back();
        if (!last_of_all) out->set_next_page_token(EncodePageToken({fingerprint, p.project.code, p.project.id}));
        return grpc::Status::OK;
      }
    }
    if (!page.has_more) return grpc::Status::OK;
    query.position.last_id = page.last_id;
    query.position.last_sort_value = page.last_sort_value;
    if (scanned >= kMaxRowsScannedPerList) {
      out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
      return grpc::Status::OK;
    }
  }
}

grpc::Status ProjectApi::UpdateProject(grpc::ServerContext* ctx, const kmhub::v1::UpdateProjectRequest* req, Project* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->project().name(), "project.name"));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto paths, ResolveUpdateMask(req->update_mask(), domain::ProjectUpdatableFields()));
  caller.Note("fields: " + JoinPaths(paths));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto current, projects_.Get(code));
  const auto expected = RevisionFromEtag(req->project().etag());
  if (expected != 0 && expected != current.revision)
    return ToGrpcStatus(Aborted("ETAG_MISMATCH", "project " + req->project().name() +
                                                     " has changed since you read it; read it again and retry"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto patch, ProjectFromProto(req->project()));
  const auto revision = current.revision;
  domain::ApplyProjectPatch(current, patch, paths);
  if (std::find(paths.begin(), paths.end(), "state") != paths.end() && patch.state != current.state)
    KMHUB_RPC_TRY(domain::ApplyTransition(current, patch.state, CivilDate::Today()));
  KMHUB_RPC_TRY(domain::NormaliseProject(current));
  if (!Involves(current, caller))
    return ToGrpcStatus(caller.OutOfScope("a change that would take " + req->project().name() + " out of its reach"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto updated, projects_.Update(current, revision));
  return Respond(updated.code, out);
}

grpc::Status ProjectApi::DeleteProject(grpc::ServerContext* ctx, const kmhub::v1::DeleteProjectRequest* req,
                                       google::protobuf::Empty*) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->name()));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  KMHUB_RPC_TRY(projects_.Delete(code, RevisionFromEtag(req->etag())));
  return grpc::Status::OK;
}

grpc::Status ProjectApi::SaveMilestone(const store::Schedule& schedule, store::MilestoneRecord changed,
                                       const std::string& project_code, const std::string& request_id,
                                       kmhub::v1::Milestone* out) {
  changed.project_id = schedule.project_id;
  KMHUB_RPC_TRY(domain::NormaliseMilestone(changed));
  auto milestones = schedule.milestones;
  std::erase_if(milestones, [&](const store::MilestoneRecord& m) { return m.id == changed.id; });
  milestones.push_back(changed);
  KMHUB_RPC_TRY(domain::CheckSchedule(milestones));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto saved, projects_.SaveMilestone(changed, schedule.revision, request_id));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto owners, OwnersOf({saved}));
  ToProto(saved, project_code, CivilDate::Today(), out, owners);
  return grpc::Status::OK;
}

grpc::Status ProjectApi::CreateMilestone(grpc::ServerContext* ctx, const kmhub::v1::CreateMilestoneRequest* req,
                                         kmhub::v1::Milestone* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->parent(), "parent"));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  KMHUB_RPC_TRY(domain::ValidateRequestId(req->request_id()));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto record, MilestoneFromProto(req->milestone(), code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto schedule, projects_.GetSchedule(code));
  record.id = 0;
  return SaveMilestone(schedule, std::move(record), code, req->request_id(), out);
}

grpc::Status ProjectApi::ListMilestones(grpc::ServerContext* ctx, const kmhub::v1::ListMilestonesRequest* req,
                                        kmhub::v1::ListMilestonesResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->parent(), "parent"));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto schedule, projects_.GetSchedule(code));
  const auto today = CivilDate::Today();
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto owners, OwnersOf(schedule.milestones));
  for (const auto& m : schedule.milestones) ToProto(m, code, today, out->add_milestones(), owners);
  return grpc::Status::OK;
}

grpc::Status ProjectApi::UpdateMilestone(grpc::ServerContext* ctx, const kmhub::v1::UpdateMilestoneRequest* req,
                                         kmhub::v1::Milestone* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseMilestoneName(req->milestone().name(), "milestone.name"));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, key.project_code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto paths, ResolveUpdateMask(req->update_mask(), domain::MilestoneUpdatableFields()));
  caller.Note("fields: " + JoinPaths(paths));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto patch, MilestoneFromProto(req->milestone(), key.project_code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto schedule, projects_.GetSchedule(key.project_code));
  const auto current = std::find_if(schedule.milestones.begin(), schedule.milestones.end(),
                                    [&](const store::MilestoneRecord& m) { return m.id == key.id; });
  if (current == schedule.milestones.end())
    return ToGrpcStatus(NotFound("MILESTONE_NOT_FOUND", "milestone " + req->milestone().name() + " does not exist"));
  const auto expected = RevisionFromEtag(req->milestone().etag());
  if (expected != 0 && expected != current->revision)
    return ToGrpcStatus(Aborted("ETAG_MISMATCH", "milestone " + req->milestone().name() + " has changed since you read it"));
  auto changed = *current;
  domain::ApplyMilestonePatch(changed, patch, paths);
  return SaveMilestone(schedule, std::move(changed), key.project_code, "", out);
}

grpc::Status ProjectApi::DeleteMilestone(grpc::ServerContext* ctx, const kmhub::v1::DeleteMilestoneRequest* req,
                                         google::protobuf::Empty*) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto key, ParseMilestoneName(req->name()));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, key.project_code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto schedule, projects_.GetSchedule(key.project_code));
  KMHUB_RPC_TRY(projects_.DeleteMilestone(schedule.project_id, key.id, schedule.revision));
  return grpc::Status::OK;
}

grpc::Status ProjectApi::CreateStatusUpdate(grpc::ServerContext* ctx, const kmhub::v1::CreateStatusUpdateRequest* req,
                                            kmhub::v1::StatusUpdate* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->parent(), "parent"));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  KMHUB_RPC_TRY(domain::ValidateRequestId(req->request_id()));
  KMHUB_RPC_ASSIGN_OR_RETURN(auto record, StatusUpdateFromProto(req->status_update()));
  KMHUB_RPC_TRY(domain::NormaliseStatusUpdate(record, CivilDate::Today()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto project, projects_.Get(code));
  record.project_id = project.id;
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto saved, projects_.AddStatusUpdate(record, req->request_id()));
  ToProto(saved, code, out);
  return grpc::Status::OK;
}

grpc::Status ProjectApi::ListStatusUpdates(grpc::ServerContext* ctx, const kmhub::v1::ListStatusUpdatesRequest* req,
                                           kmhub::v1::ListStatusUpdatesResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->parent(), "parent"));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  const auto fingerprint = QueryFingerprint("updates|" + code);
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto project, projects_.Get(code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto page,
                             projects_.ListStatusUpdates(project.id, {cursor.last_sort_value, cursor.last_id, page_size}));
  for (const auto& u : page.items) ToProto(u, code, out->add_status_updates());
  if (page.has_more) out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
  return grpc::Status::OK;
}

Expected<OwnerNames> ProjectApi::OwnersOf(const std::vector<store::MilestoneRecord>& milestones) {
  std::vector<std::int64_t> ids;
  for (const auto& m : milestones)
    if (m.owner_organisation_id) ids.push_back(m.owner_organisation_id);
  if (ids.empty()) return OwnerNames{};
  return organisations_.DisplayNames(ids);
}

grpc::Status ProjectApi::ImportPlan(grpc::ServerContext* ctx, const kmhub::v1::ImportPlanRequest* req,
                                    kmhub::v1::ImportPlanResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kImport, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->parent(), "parent"));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  KMHUB_RPC_TRY(domain::ValidateRequestId(req->request_id()));
  const auto format = req->format() == kmhub::v1::PLAN_FORMAT_MSPDI ? domain::PlanFormat::kMspdi
                     : req->format() == kmhub::v1::PLAN_FORMAT_CSV ? domain::PlanFormat::kCsv
                                                                   : domain::PlanFormat::kUnspecified;
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto plan, domain::ParsePlan(format, req->data()));
  if (static_cast<int>(plan.tasks.size()) > max_import_rows_)
    return ToGrpcStatus(domain::ImportTooLarge(static_cast<std::size_t>(max_import_rows_), "tasks", "data"));
  KMHUB_RPC_TRY(caller.StillWanted());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto schedule, projects_.GetSchedule(code));
  const auto merged = domain::MergePlan(schedule, plan);
  if (!merged) return AnswerImportProblems(merged.error(), req->problems_in_response(), out->mutable_problems());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto applied,
                             projects_.ApplyPlan(schedule.project_id, schedule.revision, merged->milestones,
                                                 {merged->created, merged->updated}, req->dry_run(), req->request_id()));
  auto* summary = out->mutable_summary();
  summary->set_rows_read(static_cast<int>(plan.tasks.size()));
  summary->set_created(applied.counts.created);
  summary->set_updated(applied.counts.updated);
  summary->set_dry_run(req->dry_run());
  if (!req->dry_run() && !applied.replayed)
    Metrics::Global().AddImportRows("plan", static_cast<std::int64_t>(plan.tasks.size()));
  const auto today = CivilDate::Today();
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto owners, OwnersOf(applied.milestones));
  for (const auto& m : applied.milestones) ToProto(m, code, today, out->add_milestones(), owners);
  for (const auto& w : plan.warnings) out->add_warnings(w);
  return grpc::Status::OK;
}

grpc::Status ProjectApi::GetProjectStatus(grpc::ServerContext* ctx, const kmhub::v1::GetProjectStatusRequest* req,
                                          kmhub::v1::ProjectStatus* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->name()));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  const auto today = CivilDate::Today();
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto snapshot, projects_.StatusSnapshot(code, today.ToString()));
  const auto& read = snapshot.project;
  const auto& milestones = snapshot.milestones;
  const auto& latest = snapshot.latest_update;
  const auto contributors = snapshot.contributors;
  const auto rag = AssessProject(read, today);
  ToProto(read.project, rag.rag, out->mutable_project());
  out->set_rag(static_cast<kmhub::v1::Rag>(rag.rag));
  out->set_rag_rule(rag.deciding_rule);
  for (const auto& reason : rag.reasons) {
    auto* r = out->add_rag_reasons();
    r->set_rule(reason.rule);
    r->set_rag(static_cast<kmhub::v1::Rag>(reason.rag));
    r->set_description(reason.description);
  }
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto owners, OwnersOf(milestones));
  int completed = 0;
  bool next_found = false;
  for (const auto& m : milestones) {  // ordered by due date
    if (!m.completed.empty()) {
      ++completed;
      continue;
    }
    if (!next_found) {
      ToProto(m, code, today, out->mutable_next_milestone(), owners);
      next_found = true;
    }
    if (domain::Timings(m, today).overdue) ToProto(m, code, today, out->add_overdue_milestones(), owners);
  }
  out->set_milestone_count(static_cast<int>(milestones.size()));
  out->set_completed_milestone_count(completed);
  if (latest) ToProto(*latest, code, out->mutable_latest_update());
  out->set_contributor_count(contributors);
  if (req->include_critical_path()) {
    const auto path = domain::ComputeCriticalPath(milestones);
    for (auto id : path.milestone_ids) out->mutable_critical_path()->add_milestones(MilestoneName(code, id));
    out->mutable_critical_path()->set_total_days(path.total_days);
  }
  out->set_as_of(today.ToString());
  return grpc::Status::OK;
}

grpc::Status ProjectApi::GetPortfolio(grpc::ServerContext* ctx, const kmhub::v1::GetPortfolioRequest* req,
                                      kmhub::v1::Portfolio* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  std::int64_t consortium = 0;
  if (!req->consortium().empty()) {
    KMHUB_RPC_ASSIGN_OR_RETURN(consortium, ParseOrganisationName(req->consortium(), "consortium"));
    // A scoped caller sees only its own projects of any consortium; asking whether another
    // organisation exists is not something its token may do.
    if (!caller.scoped()) KMHUB_RPC_TRY(organisations_.Get(consortium));
  }
  const auto today = CivilDate::Today();
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto projects,
                             projects_.All(consortium, today.ToString(), caller.principal().organisation.value_or(0)));
  std::map<std::int64_t, kmhub::v1::ConsortiumSummary> summaries;
  for (const auto& p : projects) {
    const auto rag = AssessProject(p, today);
    auto& summary = summaries[p.project.consortium_id];
    summary.set_project_count(summary.project_count() + 1);
    (*summary.mutable_by_state())[EnumKey(kmhub::v1::ProjectState_descriptor(), p.project.state)]++;
    (*summary.mutable_by_rag())[EnumKey(kmhub::v1::Rag_descriptor(), rag.rag)]++;
    // The red list is for attention: finished projects are counted but not listed.
    const bool finished = p.project.state == domain::kCompleted || p.project.state == domain::kCancelled;
    if (rag.rag == domain::kRed && !finished) {
      auto* red = out->add_red_projects();
      red->set_name(ProjectName(p.project.code));
      red->set_title(p.project.title);
      if (p.project.consortium_id) red->set_consortium(OrganisationName(p.project.consortium_id));
      red->set_state(static_cast<kmhub::v1::ProjectState>(p.project.state));
      red->set_rag(kmhub::v1::RAG_RED);
      red->set_rag_rule(rag.deciding_rule);
      red->set_rag_description(rag.reasons.front().description);
    }
  }
  // One read per consortium (a handful), not per project.
  for (auto& [id, summary] : summaries) {
    if (id) {
      summary.set_consortium(OrganisationName(id));
      if (auto org = organisations_.Get(id)) summary.set_consortium_display_name(org->display_name);
    }
    *out->add_consortia() = std::move(summary);
  }
  out->set_as_of(today.ToString());
  return grpc::Status::OK;
}

}  // namespace kmhub::api

namespace kmhub::api {

grpc::Status ProjectApi::ListProjectContributors(grpc::ServerContext* ctx,
                                                 const kmhub::v1::ListProjectContributorsRequest* req,
                                                 kmhub::v1::ListProjectContributorsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto code, ParseProjectName(req->name()));
  KMHUB_RPC_TRY(ReachProject(projects_, caller, code));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto contributors, contributors_.ForProject(code));
  for (const auto& c : contributors) ToProto(c, out->add_contributors());
  return grpc::Status::OK;
}

}  // namespace kmhub::api
