#include "server/forums/forum_rules.h"

#include "server/partners/records.h"

#include <algorithm>
#include <set>

#include "server/platform/rules/text_rules.h"

namespace kmhub::domain {

namespace {

// A member's clinical role and organisation kind are the partners' (their records.h).
using Clinical = store::ClinicalRole;
using Kind = store::OrganisationKind;
constexpr int kClinicalGp = Clinical::kGp, kClinicalPecChair = Clinical::kPecChair,
              kClinicalConsortiumRep = Clinical::kConsortiumRepresentative,
              kClinicalAhp = Clinical::kAlliedHealthProfessional, kClinicalSocialCare = Clinical::kSocialCare,
              kClinicalNurse = Clinical::kNurse;
constexpr int kKindCommissioner = Kind::kCommissioner, kKindLocalAuthority = Kind::kLocalAuthority,
              kKindAcuteTrust = Kind::kAcuteTrust, kKindGpPractice = Kind::kGpPractice,
              kKindPbcConsortium = Kind::kPbcConsortium, kKindSocialCare = Kind::kSocialCare;

}  // namespace

std::vector<ForumRole> MemberRoles(int clinical_role, int organisation_kind) {
  std::set<ForumRole> roles;
  switch (clinical_role) {
    case kClinicalPecChair: roles.insert(ForumRole::kPecChair); break;
    case kClinicalConsortiumRep: roles.insert(ForumRole::kConsortiumRepresentative); break;
    case kClinicalAhp: roles.insert(ForumRole::kAlliedHealthProfessional); break;
    case kClinicalSocialCare: roles.insert(ForumRole::kSocialCare); break;
    case kClinicalGp: roles.insert(ForumRole::kGeneralPractice); break;
    default: break;
  }
  switch (organisation_kind) {
    case kKindCommissioner: roles.insert(ForumRole::kCommissioner); break;
    case kKindLocalAuthority:
    case kKindSocialCare: roles.insert(ForumRole::kSocialCare); break;
    case kKindAcuteTrust: roles.insert(ForumRole::kAcuteTrust); break;
    case kKindGpPractice: roles.insert(ForumRole::kGeneralPractice); break;
    case kKindPbcConsortium: roles.insert(ForumRole::kConsortiumRepresentative); break;
    default: break;
  }
  // A practice nurse is general practice through the organisation; a nurse elsewhere is a partner.
  (void)kClinicalNurse;
  if (roles.empty()) roles.insert(ForumRole::kOtherPartner);
  return {roles.begin(), roles.end()};
}

Outcome CheckCategoryAccess(const std::vector<ForumRole>& member, const std::vector<int>& allowed,
                            std::string_view member_name, std::string_view category_code) {
  for (ForumRole r : member)
    if (std::find(allowed.begin(), allowed.end(), static_cast<int>(r)) != allowed.end()) return Ok();
  return PermissionDenied("ROLE_NOT_IN_CATEGORY", std::string(member_name) + " may not post in '" +
                                                      std::string(category_code) +
                                                      "': the category is not open to their member roles");
}

bool IsValidCategoryCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 40 || !(code[0] >= 'a' && code[0] <= 'z')) return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

void CheckCategoryRoles(Violations& v, const std::string& field, const std::vector<int>& roles) {
  if (roles.empty()) {
    v.Add(field, "name at least one member role that may post");
    return;
  }
  std::set<int> seen;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const std::string item = field + "[" + std::to_string(i) + "]";
    if (roles[i] < 1 || roles[i] > kMaxForumRole)
      v.Add(item, "not a member role");
    else if (!seen.insert(roles[i]).second)
      v.Add(item, "named twice");
  }
}

void CheckThreadTitle(Violations& v, const std::string& field, std::string_view title) {
  CheckText(v, field, Trim(title), 3, kMaxNameLength);
}

void CheckPostBody(Violations& v, const std::string& field, std::string_view body) {
  // Markdown keeps its line breaks and tabs, so CheckText's ban on control characters is
  // relaxed for those two here.
  std::string flat(body);
  std::replace_if(flat.begin(), flat.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  if (Trim(flat).empty()) {
    v.Add(field, "write something: the post is empty");
    return;
  }
  CheckText(v, field, flat, 1, kMaxPostLength);
}

}  // namespace kmhub::domain
