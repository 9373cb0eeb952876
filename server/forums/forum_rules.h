#pragma once
// Forum rules (forums/README.md): who a member is for a category's access, what a category,
// a thread and a post must look like, and which changes a thread's state allows. Pure rules.

#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace kmhub::domain {

// kmhub.v1.ForumRole
enum class ForumRole : int {
  kPecChair = 1,
  kConsortiumRepresentative = 2,
  kAcuteTrust = 3,
  kSocialCare = 4,
  kAlliedHealthProfessional = 5,
  kGeneralPractice = 6,
  kCommissioner = 7,
  kOtherPartner = 8,
};
inline constexpr int kMaxForumRole = 8;

// kmhub.v1.ThreadState
enum class ThreadState : int { kOpen = 1, kSolved = 2, kLocked = 3 };

inline constexpr std::size_t kMaxPostLength = 20000;  // characters
inline constexpr std::size_t kMaxThreadProjects = 20;

// A contact's member roles, from its clinical role (kmhub.v1.ClinicalRole) and its
// organisation's kind (kmhub.v1.OrganisationKind); never empty, in role order.
std::vector<ForumRole> MemberRoles(int clinical_role, int organisation_kind);

// PERMISSION_DENIED ROLE_NOT_IN_CATEGORY unless one of `member` is among `allowed`.
Outcome CheckCategoryAccess(const std::vector<ForumRole>& member, const std::vector<int>& allowed,
                            std::string_view member_name, std::string_view category_code);

// Category codes: lower-case letters, digits and '-', 2 to 40 characters, starting with a letter.
bool IsValidCategoryCode(std::string_view code);
// Roles: 1 to 8 distinct known ForumRole numbers.
void CheckCategoryRoles(Violations& v, const std::string& field, const std::vector<int>& roles);

void CheckThreadTitle(Violations& v, const std::string& field, std::string_view title);
void CheckPostBody(Violations& v, const std::string& field, std::string_view body);


}  // namespace kmhub::domain
