#pragma once
// The partners' records: organisations (NHS trusts, practices, councils, voluntary bodies), the
// people who work in them, and the relationships between organisations. Plain structs; enum
// fields carry the kmhub.v1 enum numbers, named below.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kmhub::store {

// The proto enums the records carry as plain ints, by name (implicitly int, so that records and
// SQL keep plain numbers). partner_mapping.cpp asserts each value equals the proto's.
struct OrganisationKind {
  enum : int {
    kUnspecified = 0,
    kCommissioner = 1,
    kLocalAuthority = 2,
    kAcuteTrust = 3,
    kCommunityProvider = 4,
    kMentalHealthProvider = 5,
    kGpPractice = 6,
    kPbcConsortium = 7,
    kSpecialistConsortium = 8,
    kThirdSector = 9,
    kSocialCare = 10,
    kOther = 11,
    kLast = kOther,
  };
};

struct ClinicalRole {
  enum : int {
    kUnspecified = 0,
    kGp = 1,
    kPecChair = 2,
    kConsortiumRepresentative = 3,
    kAlliedHealthProfessional = 4,
    kSocialCare = 5,
    kManager = 6,
    kNurse = 7,
    kConsultant = 8,
    kPharmacist = 9,
    kOther = 10,
    kLast = kOther,
  };
};

struct RelationshipType {
  enum : int {
    kUnspecified = 0,
    kLaaPartner = 1,
    kProviderContract = 2,
    kConsortiumMembership = 3,
    kJointCommissioning = 4,
    kOther = 5,
    kLast = kOther,
  };
};

struct OrganisationRecord {
  std::int64_t id = 0;
  std::string display_name;
  int kind = 0;  // kmhub.v1.OrganisationKind
  std::string ods_code;
  std::vector<std::string> email_domains;
  std::vector<std::string> tags;
  std::int64_t create_micros = 0;
  std::int64_t update_micros = 0;
  std::int64_t revision = 0;
};

struct ContactRecord {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::string display_name;
  std::string given_name;
  std::string family_name;
  std::string job_title;
  int clinical_role = 0;  // kmhub.v1.ClinicalRole
  std::vector<std::string> emails;
  std::vector<std::string> phones;
  std::string note;
  std::string vcard_uid;
  std::int64_t create_micros = 0;
  std::int64_t update_micros = 0;
  std::int64_t revision = 0;
  // The rest of vCard N: honorific prefixes, additional (middle) names, honorific suffixes.
  std::string name_prefix;
  std::string additional_names;
  std::string name_suffix;
  // Properties of an imported card that kmhub does not model (ADR, URL, BDAY, other-language
  // FN and N, a second NOTE, …), as vCard 4.0 content lines, written back on export.
  std::vector<std::string> other_vcard_properties;
};

struct RelationshipRecord {
  std::int64_t id = 0;
  std::int64_t organisation_id = 0;
  std::int64_t related_organisation_id = 0;
  int type = 0;  // kmhub.v1.RelationshipType
  std::string start_date;  // YYYY-MM-DD
  std::string end_date;    // YYYY-MM-DD or "" (open-ended)
  std::string description;
  std::int64_t create_micros = 0;
  std::int64_t update_micros = 0;
  std::int64_t revision = 0;
};

}  // namespace kmhub::store
