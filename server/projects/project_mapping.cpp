#include "server/projects/project_mapping.h"

#include <google/protobuf/util/time_util.h>

#include "kmhub/v1/contact.pb.h"
#include "server/platform/rpc/etag.h"
#include "server/platform/rpc/proto_enums.h"
#include "server/projects/plan.h"
#include "server/projects/project_rag.h"
#include "server/projects/project_rules.h"
#include "shared/resource_name.h"

// The projects' enums are the proto's numbers (records.h, project_rules.h, project_rag.h, plan.h).
KMHUB_SAME_NUMBER(kmhub::store::PartnerRole::kLead, kmhub::v1::PARTNER_ROLE_LEAD);
KMHUB_SAME_NUMBER(kmhub::store::PartnerRole::kDeliveryPartner, kmhub::v1::PARTNER_ROLE_DELIVERY_PARTNER);
KMHUB_SAME_NUMBER(kmhub::store::PartnerRole::kFunder, kmhub::v1::PARTNER_ROLE_FUNDER);
KMHUB_SAME_NUMBER(kmhub::store::PartnerRole::kStakeholder, kmhub::v1::PARTNER_ROLE_STAKEHOLDER);
KMHUB_SAME_NUMBER(kmhub::store::PartnerRole::kLast, kmhub::v1::PartnerRole_MAX);
KMHUB_SAME_NUMBER(kmhub::domain::kProposed, kmhub::v1::PROJECT_STATE_PROPOSED);
KMHUB_SAME_NUMBER(kmhub::domain::kApproved, kmhub::v1::PROJECT_STATE_APPROVED);
KMHUB_SAME_NUMBER(kmhub::domain::kActive, kmhub::v1::PROJECT_STATE_ACTIVE);
KMHUB_SAME_NUMBER(kmhub::domain::kOnHold, kmhub::v1::PROJECT_STATE_ON_HOLD);
KMHUB_SAME_NUMBER(kmhub::domain::kCompleted, kmhub::v1::PROJECT_STATE_COMPLETED);
KMHUB_SAME_NUMBER(static_cast<int>(kmhub::store::LinkType::kFinishToStart), kmhub::v1::LINK_TYPE_FINISH_TO_START);
KMHUB_SAME_NUMBER(static_cast<int>(kmhub::store::LinkType::kStartToStart), kmhub::v1::LINK_TYPE_START_TO_START);
KMHUB_SAME_NUMBER(static_cast<int>(kmhub::store::LinkType::kFinishToFinish), kmhub::v1::LINK_TYPE_FINISH_TO_FINISH);
KMHUB_SAME_NUMBER(static_cast<int>(kmhub::store::LinkType::kStartToFinish), kmhub::v1::LINK_TYPE_START_TO_FINISH);
KMHUB_SAME_NUMBER(kmhub::domain::kCancelled, kmhub::v1::PROJECT_STATE_CANCELLED);
KMHUB_SAME_NUMBER(kmhub::domain::kCancelled, kmhub::v1::ProjectState_MAX);
KMHUB_SAME_NUMBER(kmhub::domain::kGreen, kmhub::v1::RAG_GREEN);
KMHUB_SAME_NUMBER(kmhub::domain::kAmber, kmhub::v1::RAG_AMBER);
KMHUB_SAME_NUMBER(kmhub::domain::kRed, kmhub::v1::RAG_RED);
KMHUB_SAME_NUMBER(kmhub::domain::kRagMax, kmhub::v1::Rag_MAX);
KMHUB_SAME_NUMBER(kmhub::domain::PlanFormat::kMspdi, kmhub::v1::PLAN_FORMAT_MSPDI);
KMHUB_SAME_NUMBER(kmhub::domain::PlanFormat::kCsv, kmhub::v1::PLAN_FORMAT_CSV);

namespace kmhub::api {

Expected<store::ProjectRecord> ProjectFromProto(const kmhub::v1::Project& in, const std::string& prefix) {
  store::ProjectRecord r;
  r.code = in.code();
  r.title = in.title();
  r.summary = in.summary();
  r.state = in.state();
  r.planned_start = in.planned_start_date();
  r.planned_end = in.planned_end_date();
  r.actual_start = in.actual_start_date();
  r.actual_end = in.actual_end_date();
  r.investment_pence = in.investment_pence();
  r.procedure_codes = {in.procedure_codes().begin(), in.procedure_codes().end()};
  if (!in.consortium().empty()) {
    KMHUB_ASSIGN_OR_RETURN(r.consortium_id, ParseOrganisationName(in.consortium(), prefix + "consortium"));
  }
  if (!in.lead_contact().empty()) {
    KMHUB_ASSIGN_OR_RETURN(const auto key, ParseContactName(in.lead_contact(), prefix + "lead_contact"));
    r.lead_contact_organisation_id = key.organisation_id;
    r.lead_contact_id = key.contact_id;
  }
  for (int i = 0; i < in.comparator_organisations_size(); ++i) {
    const auto field = prefix + "comparator_organisations[" + std::to_string(i) + "]";
    KMHUB_ASSIGN_OR_RETURN(const auto id, ParseOrganisationName(in.comparator_organisations(i), field));
    r.comparator_ids.push_back(id);
  }
  for (int i = 0; i < in.partners_size(); ++i) {
    const auto field = prefix + "partners[" + std::to_string(i) + "].organisation";
    KMHUB_ASSIGN_OR_RETURN(const auto id, ParseOrganisationName(in.partners(i).organisation(), field));
    r.partners.push_back({id, in.partners(i).role()});
  }
  return r;
}

void ToProto(const store::ProjectRecord& r, int rag, kmhub::v1::Project* out) {
  out->set_name(ProjectName(r.code));
  out->set_code(r.code);
  out->set_title(r.title);
  out->set_summary(r.summary);
  if (r.consortium_id) out->set_consortium(OrganisationName(r.consortium_id));
  if (r.lead_contact_id) out->set_lead_contact(ContactName(r.lead_contact_organisation_id, r.lead_contact_id));
  out->set_state(static_cast<kmhub::v1::ProjectState>(r.state));
  out->set_planned_start_date(r.planned_start);
  out->set_planned_end_date(r.planned_end);
  out->set_actual_start_date(r.actual_start);
  out->set_actual_end_date(r.actual_end);
  out->set_investment_pence(r.investment_pence);
  for (const auto& p : r.partners) {
    auto* partner = out->add_partners();
    partner->set_organisation(OrganisationName(p.organisation_id));
    partner->set_role(static_cast<kmhub::v1::PartnerRole>(p.role));
  }
  for (const auto& c : r.procedure_codes) out->add_procedure_codes(c);
  for (auto id : r.comparator_ids) out->add_comparator_organisations(OrganisationName(id));
  out->set_rag(static_cast<kmhub::v1::Rag>(rag));
  *out->mutable_create_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(r.create_micros);
  *out->mutable_update_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(r.update_micros);
  out->set_etag(EtagOf(r.revision));
}

Expected<store::MilestoneRecord> MilestoneFromProto(const kmhub::v1::Milestone& in, const std::string& project_code,
                                                    const std::string& prefix) {
  store::MilestoneRecord r;
  r.title = in.title();
  r.start_date = in.start_date();
  r.baseline_due = in.baseline_due_date();
  r.due = in.due_date();
  r.completed = in.completion_date();
  r.percent_complete = in.percent_complete();
  r.external_id = in.external_id();
  if (!in.owner_organisation().empty()) {
    KMHUB_ASSIGN_OR_RETURN(r.owner_organisation_id,
                           ParseOrganisationName(in.owner_organisation(), prefix + "owner_organisation"));
  }
  for (int i = 0; i < in.predecessors_size(); ++i) {
    const auto field = prefix + "predecessors[" + std::to_string(i) + "]";
    KMHUB_ASSIGN_OR_RETURN(const auto key, ParseMilestoneName(in.predecessors(i), field));
    if (key.project_code != project_code) {
      Violations v;
      v.Add(field, in.predecessors(i) + " belongs to another project");
      return v.ToError("INVALID_MILESTONE");
    }
    r.predecessor_ids.push_back(key.id);
  }
  return r;
}

void ToProto(const store::MilestoneRecord& r, const std::string& project_code, CivilDate today,
             kmhub::v1::Milestone* out, const OwnerNames& owners) {
  out->set_name(MilestoneName(project_code, r.id));
  out->set_title(r.title);
  if (r.owner_organisation_id) out->set_owner_organisation(OrganisationName(r.owner_organisation_id));
  if (const auto owner = owners.find(r.owner_organisation_id); owner != owners.end())
    out->set_owner_display_name(owner->second);
  out->set_start_date(r.start_date);
  out->set_baseline_due_date(r.baseline_due);
  out->set_due_date(r.due);
  out->set_completion_date(r.completed);
  out->set_percent_complete(r.percent_complete);
  for (auto p : r.predecessor_ids) {
    out->add_predecessors(MilestoneName(project_code, p));
    const auto timing = r.link_timings.count(p) ? r.link_timings.at(p) : store::LinkTiming{};
    auto* link = out->add_links();
    link->set_predecessor(MilestoneName(project_code, p));
    link->set_type(static_cast<kmhub::v1::LinkType>(static_cast<int>(timing.type)));
    link->set_lag_days(timing.lag_days);
  }
  out->set_external_id(r.external_id);
  const auto t = domain::Timings(r, today);
  out->set_slippage_days(t.slippage_days);
  out->set_overdue(t.overdue);
  out->set_days_overdue(t.days_overdue);
  out->set_due_soon(t.due_soon);
  out->set_etag(EtagOf(r.revision));
}

Expected<store::StatusUpdateRecord> StatusUpdateFromProto(const kmhub::v1::StatusUpdate& in, const std::string& prefix) {
  store::StatusUpdateRecord r;
  r.date = in.date();
  r.narrative = in.narrative();
  r.rag = in.rag();
  if (!in.author().empty()) {
    KMHUB_ASSIGN_OR_RETURN(const auto key, ParseContactName(in.author(), prefix + "author"));
    r.author_organisation_id = key.organisation_id;
    r.author_contact_id = key.contact_id;
  }
  return r;
}

void ToProto(const store::StatusUpdateRecord& r, const std::string& project_code, kmhub::v1::StatusUpdate* out) {
  out->set_name(StatusUpdateName(project_code, r.id));
  out->set_date(r.date);
  out->set_narrative(r.narrative);
  out->set_rag(static_cast<kmhub::v1::Rag>(r.rag));
  if (r.author_contact_id) out->set_author(ContactName(r.author_organisation_id, r.author_contact_id));
  *out->mutable_create_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(r.create_micros);
}

domain::RagAssessment AssessProject(const store::ProjectWithFacts& p, CivilDate today, domain::RagDetail detail) {
  domain::RagInputs in;
  in.state = p.project.state;
  in.latest_update_rag = p.facts.latest_update_rag;
  in.latest_update_date = p.facts.latest_update_date;
  in.overdue_milestones = p.facts.overdue_milestones;
  if (const auto due = CivilDate::Parse(p.facts.earliest_overdue_due)) in.max_days_overdue = domain::DaysBetween(*due, today);
  in.planned_end = p.project.planned_end;
  return domain::AssessRag(in, today, detail);
}

void ToProto(const store::ContributorRecord& r, kmhub::v1::ProjectContributor* out) {
  using google::protobuf::util::TimeUtil;
  out->set_contact(ContactName(r.organisation_id, r.contact_id));
  out->set_display_name(r.display_name);
  out->set_job_title(r.job_title);
  if (kmhub::v1::ClinicalRole_IsValid(r.clinical_role))
    out->set_clinical_role(kmhub::v1::ClinicalRole_Name(static_cast<kmhub::v1::ClinicalRole>(r.clinical_role)));
  out->set_organisation(OrganisationName(r.organisation_id));
  out->set_organisation_display_name(r.organisation_name);
  if (r.lead) out->add_roles(kmhub::v1::CONTRIBUTOR_ROLE_LEAD);
  if (r.updates > 0) out->add_roles(kmhub::v1::CONTRIBUTOR_ROLE_UPDATE_AUTHOR);
  if (r.posts > 0) out->add_roles(kmhub::v1::CONTRIBUTOR_ROLE_FORUM_POSTER);
  out->set_post_count(static_cast<int>(r.posts));
  out->set_update_count(static_cast<int>(r.updates));
  if (r.first_micros) *out->mutable_first_contribution_time() = TimeUtil::MicrosecondsToTimestamp(r.first_micros);
  if (r.last_micros) *out->mutable_last_contribution_time() = TimeUtil::MicrosecondsToTimestamp(r.last_micros);
}

}  // namespace kmhub::api
