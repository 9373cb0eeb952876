#include "server/forums/forum_rules.h"

#include <catch2/catch.hpp>

using namespace kmhub;
using namespace kmhub::domain;

namespace {
// kmhub.v1.ClinicalRole and OrganisationKind numbers.
constexpr int kGp = 1, kPecChair = 2, kConsultant = 8, kNurse = 7, kAhp = 4;
constexpr int kCommissioner = 1, kLocalAuthority = 2, kAcuteTrust = 3, kCommunity = 4, kPractice = 6, kConsortium = 7;
}  // namespace

TEST_CASE("member roles follow from the clinical role and the organisation's kind") {
  CHECK(MemberRoles(kPecChair, kPractice) == std::vector{ForumRole::kPecChair, ForumRole::kGeneralPractice});
  CHECK(MemberRoles(kConsultant, kAcuteTrust) == std::vector{ForumRole::kAcuteTrust});
  CHECK(MemberRoles(0, kLocalAuthority) == std::vector{ForumRole::kSocialCare});
  CHECK(MemberRoles(kAhp, kCommunity) == std::vector{ForumRole::kAlliedHealthProfessional});
  CHECK(MemberRoles(kGp, kConsortium) ==
        std::vector{ForumRole::kConsortiumRepresentative, ForumRole::kGeneralPractice});
  CHECK(MemberRoles(0, kCommissioner) == std::vector{ForumRole::kCommissioner});
  // Nobody is without a role: a nurse at a community provider is a partner.
  CHECK(MemberRoles(kNurse, kCommunity) == std::vector{ForumRole::kOtherPartner});
  CHECK(MemberRoles(0, 0) == std::vector{ForumRole::kOtherPartner});
}

TEST_CASE("a category admits a member when one of the member's roles is among its roles") {
  const std::vector<int> chairs_only = {static_cast<int>(ForumRole::kPecChair)};
  CHECK(CheckCategoryAccess({ForumRole::kPecChair, ForumRole::kGeneralPractice}, chairs_only, "Ann Patel", "pec-chairs"));
  const auto refused = CheckCategoryAccess({ForumRole::kAcuteTrust}, chairs_only, "Tom Reid", "pec-chairs");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::kPermissionDenied);
  CHECK(refused.error().reason == "ROLE_NOT_IN_CATEGORY");
  CHECK(refused.error().message.find("Tom Reid may not post in 'pec-chairs'") != std::string::npos);
}

TEST_CASE("category codes, roles, titles and bodies are checked") {
  CHECK(IsValidCategoryCode("benchmarking"));
  CHECK(IsValidCategoryCode("pec-chairs-2010"));
  CHECK_FALSE(IsValidCategoryCode("b"));
  CHECK_FALSE(IsValidCategoryCode("2010-chairs"));
  CHECK_FALSE(IsValidCategoryCode("PEC"));
  CHECK_FALSE(IsValidCategoryCode("pec chairs"));
  CHECK_FALSE(IsValidCategoryCode(std::string(41, 'a')));

  Violations v;
  CheckCategoryRoles(v, "roles", {});
  CheckCategoryRoles(v, "r", {1, 9, 1, 0});
  REQUIRE(v.list().size() == 4);
  CHECK(v.list()[0].field == "roles");
  CHECK(v.list()[1].field == "r[1]");
  CHECK(v.list()[2].field == "r[2]");
  CHECK(v.list()[3].field == "r[3]");

  Violations t;
  CheckThreadTitle(t, "title", "Hi");
  CheckThreadTitle(t, "ok", "Discharge letters");
  CheckPostBody(t, "empty", " \n\t ");
  CheckPostBody(t, "markdown", "# Heading\n\n- a list\n\tcode\r\n");
  CheckPostBody(t, "long", std::string(kMaxPostLength + 1, 'x'));
  CheckPostBody(t, "control", std::string("bell\a"));
  REQUIRE(t.list().size() == 4);
  CHECK(t.list()[0].field == "title");
  CHECK(t.list()[1].field == "empty");
  CHECK(t.list()[2].field == "long");
  CHECK(t.list()[3].field == "control");
}
