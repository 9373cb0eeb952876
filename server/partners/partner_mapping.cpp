#include "server/partners/partner_mapping.h"
#include "server/platform/rpc/proto_enums.h"

#include <google/protobuf/util/time_util.h>

#include "shared/resource_name.h"

// The partners' enums are the proto's numbers (records.h).
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kCommissioner, kmhub::v1::ORGANISATION_KIND_COMMISSIONER);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kLocalAuthority, kmhub::v1::ORGANISATION_KIND_LOCAL_AUTHORITY);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kAcuteTrust, kmhub::v1::ORGANISATION_KIND_ACUTE_TRUST);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kCommunityProvider, kmhub::v1::ORGANISATION_KIND_COMMUNITY_PROVIDER);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kMentalHealthProvider, kmhub::v1::ORGANISATION_KIND_MENTAL_HEALTH_PROVIDER);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kGpPractice, kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kPbcConsortium, kmhub::v1::ORGANISATION_KIND_PBC_CONSORTIUM);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kSpecialistConsortium, kmhub::v1::ORGANISATION_KIND_SPECIALIST_CONSORTIUM);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kThirdSector, kmhub::v1::ORGANISATION_KIND_THIRD_SECTOR);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kSocialCare, kmhub::v1::ORGANISATION_KIND_SOCIAL_CARE);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kOther, kmhub::v1::ORGANISATION_KIND_OTHER);
KMHUB_SAME_NUMBER(kmhub::store::OrganisationKind::kLast, kmhub::v1::OrganisationKind_MAX);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kGp, kmhub::v1::CLINICAL_ROLE_GP);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kPecChair, kmhub::v1::CLINICAL_ROLE_PEC_CHAIR);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kConsortiumRepresentative, kmhub::v1::CLINICAL_ROLE_CONSORTIUM_REPRESENTATIVE);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kAlliedHealthProfessional, kmhub::v1::CLINICAL_ROLE_ALLIED_HEALTH_PROFESSIONAL);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kSocialCare, kmhub::v1::CLINICAL_ROLE_SOCIAL_CARE);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kManager, kmhub::v1::CLINICAL_ROLE_MANAGER);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kNurse, kmhub::v1::CLINICAL_ROLE_NURSE);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kConsultant, kmhub::v1::CLINICAL_ROLE_CONSULTANT);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kPharmacist, kmhub::v1::CLINICAL_ROLE_PHARMACIST);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kOther, kmhub::v1::CLINICAL_ROLE_OTHER);
KMHUB_SAME_NUMBER(kmhub::store::ClinicalRole::kLast, kmhub::v1::ClinicalRole_MAX);
KMHUB_SAME_NUMBER(kmhub::store::RelationshipType::kLaaPartner, kmhub::v1::RELATIONSHIP_TYPE_LAA_PARTNER);
KMHUB_SAME_NUMBER(kmhub::store::RelationshipType::kProviderContract, kmhub::v1::RELATIONSHIP_TYPE_PROVIDER_CONTRACT);
KMHUB_SAME_NUMBER(kmhub::store::RelationshipType::kConsortiumMembership, kmhub::v1::RELATIONSHIP_TYPE_CONSORTIUM_MEMBERSHIP);
KMHUB_SAME_NUMBER(kmhub::store::RelationshipType::kJointCommissioning, kmhub::v1::RELATIONSHIP_TYPE_JOINT_COMMISSIONING);
KMHUB_SAME_NUMBER(kmhub::store::RelationshipType::kOther, kmhub::v1::RELATIONSHIP_TYPE_OTHER);
KMHUB_SAME_NUMBER(kmhub::store::RelationshipType::kLast, kmhub::v1::RelationshipType_MAX);

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
  out->set_name_prefix(r.name_prefix);
  out->set_additional_names(r.additional_names);
  out->set_name_suffix(r.name_suffix);
  for (const auto& line : r.other_vcard_properties) out->add_other_vcard_properties(line);
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
  r.name_prefix = in.name_prefix();
  r.additional_names = in.additional_names();
  r.name_suffix = in.name_suffix();
  return r;  // other_vcard_properties is output only: an import sets it
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
