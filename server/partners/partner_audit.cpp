#include "server/partners/partner_audit.h"

#include "server/partners/contact_rules.h"

namespace kmhub::domain {

AuditFieldValues AuditFields(const store::OrganisationRecord& o) {
  return {{"display_name", o.display_name},
          {"kind", std::to_string(o.kind)},
          {"ods_code", o.ods_code},
          {"email_domains", AuditList(o.email_domains)},
          {"tags", AuditList(o.tags)}};
}

AuditFieldValues AuditFields(const store::ContactRecord& c) {
  return {{"display_name", c.display_name},
          {"given_name", c.given_name},
          {"family_name", c.family_name},
          {"name_prefix", c.name_prefix},
          {"additional_names", c.additional_names},
          {"name_suffix", c.name_suffix},
          {"job_title", c.job_title},
          {"clinical_role", c.clinical_role ? ClinicalRoleLabel(c.clinical_role) : ""},
          {"emails", AuditList(c.emails)},
          {"phones", AuditList(c.phones)},
          {"note", c.note},
          {"vcard_uid", c.vcard_uid},
          {"other_vcard_properties", AuditList(c.other_vcard_properties)}};
}

AuditFieldValues AuditFields(const store::RelationshipRecord& r) {
  return {{"type", std::to_string(r.type)},
          {"start_date", r.start_date},
          {"end_date", r.end_date},
          {"description", r.description}};
}

}  // namespace kmhub::domain
