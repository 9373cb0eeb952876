#include "server/partners/partner_mapping.h"

#include <google/protobuf/util/time_util.h>

#include "shared/resource_name.h"

namespace kmhub::api {

namespace {
using google::protobuf::util::TimeUtil;

template <typename Field>
std::vector<std::string> ToVector(const Field& field) {
  return {field.begin(), field.end()};
}
}  // namespace

void ToProto(const store::OrganisationRecord& r, kmhub::v1::Organisation* out) {
  out->set_name(OrganisationName(r.id));
  out->set_display_name(r.display_name);
  out->set_kind(static_cast<kmhub::v1::OrganisationKind>(r.kind));
  out->set_ods_code(r.ods_code);
  for (const auto& d : r.email_domains) out->add_email_domains(d);
  for (const auto& t : r.tags) out->add_tags(t);
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r.create_micros);
  *out->mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(r.update_micros);
  out->set_etag(EtagOf(r.revision));
}

store::OrganisationRecord FromProto(const kmhub::v1::Organisation& in) {
  store::OrganisationRecord r;
  r.display_name = in.display_name();
  r.kind = in.kind();
  r.ods_code = in.ods_code();
  r.email_domains = ToVector(in.email_domains());
  r.tags = ToVector(in.tags());
  return r;
}

void ToProto(const store::ContactRecord& r, kmhub::v1::Contact* out) {
  out->set_name(ContactName(r.organisation_id, r.id));
  out->set_display_name(r.display_name);
  out->set_given_name(r.given_name);
  out->set_family_name(r.family_name);
  out->set_job_title(r.job_title);
  out->set_clinical_role(static_cast<kmhub::v1::ClinicalRole>(r.clinical_role));
  for (const auto& e : r.emails) out->add_emails(e);
  for (const auto& p : r.phones) out->add_phones(p);
  out->set_note(r.note);
  out->set_vcard_uid(r.vcard_uid);
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r.create_micros);
  *out->mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(r.update_micros);
  out->set_etag(EtagOf(r.revision));
}

store::ContactRecord FromProto(const kmhub::v1::Contact& in) {
  store::ContactRecord r;
  r.display_name = in.display_name();
  r.given_name = in.given_name();
  r.family_name = in.family_name();
  r.job_title = in.job_title();
  r.clinical_role = in.clinical_role();
  r.emails = ToVector(in.emails());
  r.phones = ToVector(in.phones());
  r.note = in.note();
  r.vcard_uid = in.vcard_uid();
  return r;
}

void ToProto(const store::RelationshipRecord& r, kmhub::v1::Relationship* out) {
  out->set_name(RelationshipName(r.id));
  out->set_organisation(OrganisationName(r.organisation_id));
  out->set_related_organisation(OrganisationName(r.related_organisation_id));
  out->set_type(static_cast<kmhub::v1::RelationshipType>(r.type));
  out->set_start_date(r.start_date);
  out->set_end_date(r.end_date);
  out->set_description(r.description);
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r.create_micros);
  *out->mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(r.update_micros);
  out->set_etag(EtagOf(r.revision));
}

store::RelationshipRecord FromProto(const kmhub::v1::Relationship& in) {
  store::RelationshipRecord r;
  r.type = in.type();
  r.start_date = in.start_date();
  r.end_date = in.end_date();
  r.description = in.description();
  return r;
}

}  // namespace kmhub::api
