#include "server/projects/project_audit.h"

#include "server/projects/milestone_links.h"
#include "server/projects/project_rules.h"

namespace kmhub::domain {

namespace {
std::string Id(std::int64_t id) { return id ? std::to_string(id) : ""; }
}  // namespace

AuditFieldValues AuditFields(const store::ProjectRecord& p) {
  std::vector<std::string> partners, comparators;
  for (const auto& partner : p.partners)
    partners.push_back(std::to_string(partner.organisation_id) + ":" + std::to_string(partner.role));
  for (auto id : p.comparator_ids) comparators.push_back(std::to_string(id));
  return {{"title", p.title},
          {"summary", p.summary},
          {"consortium", Id(p.consortium_id)},
          {"lead_contact", Id(p.lead_contact_id)},
          {"state", StateLabel(p.state)},
          {"planned_start_date", p.planned_start},
          {"planned_end_date", p.planned_end},
          {"actual_start_date", p.actual_start},
          {"actual_end_date", p.actual_end},
          {"investment_pence", std::to_string(p.investment_pence)},
          {"partners", AuditList(partners)},
          {"procedure_codes", AuditList(p.procedure_codes)},
          {"comparator_organisations", AuditList(comparators)}};
}

AuditFieldValues AuditFields(const store::MilestoneRecord& m) {
  std::vector<std::string> predecessors;
  for (auto id : m.predecessor_ids)
    predecessors.push_back(std::to_string(id) +
                           (m.link_timings.count(id) ? LinkSuffix(m.link_timings.at(id)) : std::string()));
  return {{"title", m.title},
          {"owner_organisation", Id(m.owner_organisation_id)},
          {"start_date", m.start_date},
          {"baseline_due_date", m.baseline_due},
          {"due_date", m.due},
          {"completion_date", m.completed},
          {"percent_complete", std::to_string(m.percent_complete)},
          {"predecessors", AuditList(predecessors)}};
}

}  // namespace kmhub::domain
