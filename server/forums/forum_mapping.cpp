#include "server/forums/forum_mapping.h"

#include <google/protobuf/util/time_util.h>

#include <charconv>

#include "server/forums/forum_rules.h"
#include "server/platform/rpc/proto_enums.h"
#include "shared/resource_name.h"

// The forums' enums are the proto's numbers (forum_rules.h).
KMHUB_SAME_NUMBER(kmhub::domain::ForumRole::kPecChair, kmhub::v1::FORUM_ROLE_PEC_CHAIR);
KMHUB_SAME_NUMBER(kmhub::domain::ForumRole::kConsortiumRepresentative, kmhub::v1::FORUM_ROLE_CONSORTIUM_REPRESENTATIVE);
KMHUB_SAME_NUMBER(kmhub::domain::ForumRole::kAcuteTrust, kmhub::v1::FORUM_ROLE_ACUTE_TRUST);
KMHUB_SAME_NUMBER(kmhub::domain::ForumRole::kSocialCare, kmhub::v1::FORUM_ROLE_SOCIAL_CARE);
KMHUB_SAME_NUMBER(kmhub::domain::ForumRole::kAlliedHealthProfessional, kmhub::v1::FORUM_ROLE_ALLIED_HEALTH_PROFESSIONAL);
KMHUB_SAME_NUMBER(kmhub::domain::ForumRole::kGeneralPractice, kmhub::v1::FORUM_ROLE_GENERAL_PRACTICE);
KMHUB_SAME_NUMBER(kmhub::domain::ForumRole::kCommissioner, kmhub::v1::FORUM_ROLE_COMMISSIONER);
KMHUB_SAME_NUMBER(kmhub::domain::ForumRole::kOtherPartner, kmhub::v1::FORUM_ROLE_OTHER_PARTNER);
KMHUB_SAME_NUMBER(kmhub::domain::kMaxForumRole, kmhub::v1::ForumRole_MAX);
KMHUB_SAME_NUMBER(kmhub::domain::ThreadState::kOpen, kmhub::v1::THREAD_STATE_OPEN);
KMHUB_SAME_NUMBER(kmhub::domain::ThreadState::kSolved, kmhub::v1::THREAD_STATE_SOLVED);
KMHUB_SAME_NUMBER(kmhub::domain::ThreadState::kLocked, kmhub::v1::THREAD_STATE_LOCKED);
KMHUB_SAME_NUMBER(kmhub::domain::ThreadState::kLocked, kmhub::v1::ThreadState_MAX);

namespace kmhub::api {

namespace {

using google::protobuf::util::TimeUtil;

constexpr std::string_view kCategories = "forumCategories/";
constexpr std::string_view kThreads = "forumThreads/";
constexpr std::string_view kPosts = "/posts/";

bool ParseId(std::string_view text, std::int64_t& id) {
  if (text.empty() || text.size() > 18) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc() && end == text.data() + text.size() && id > 0;
}

Error BadName(std::string_view name, const std::string& field, const std::string& expected) {
  return InvalidArgument("INVALID_NAME", "'" + std::string(name.substr(0, 60)) + "' is not a " + expected + " name",
                         {{field, "expected " + expected}});
}

void SetTime(std::int64_t micros, google::protobuf::Timestamp* out) {
  *out = TimeUtil::MicrosecondsToTimestamp(micros);
}

}  // namespace

std::string ForumCategoryName(const std::string& code) { return std::string(kCategories) + code; }
std::string ForumThreadName(std::int64_t id) { return std::string(kThreads) + std::to_string(id); }
std::string ForumPostName(std::int64_t thread_id, std::int64_t post_id) {
  return ForumThreadName(thread_id) + std::string(kPosts) + std::to_string(post_id);
}

Expected<std::string> ParseForumCategoryName(std::string_view name, const std::string& field) {
  if (name.substr(0, kCategories.size()) != kCategories || !domain::IsValidCategoryCode(name.substr(kCategories.size())))
    return BadName(name, field, "forumCategories/{code}");
  return std::string(name.substr(kCategories.size()));
}

Expected<std::int64_t> ParseForumThreadName(std::string_view name, const std::string& field) {
  std::int64_t id = 0;
  if (name.substr(0, kThreads.size()) != kThreads || !ParseId(name.substr(kThreads.size()), id))
    return BadName(name, field, "forumThreads/{id}");
  return id;
}

Expected<ForumPostKey> ParseForumPostName(std::string_view name, const std::string& field) {
  ForumPostKey key;
  const auto at = name.find(kPosts);
  if (name.substr(0, kThreads.size()) != kThreads || at == std::string_view::npos ||
      !ParseId(name.substr(kThreads.size(), at - kThreads.size()), key.thread_id) ||
      !ParseId(name.substr(at + kPosts.size()), key.post_id))
    return BadName(name, field, "forumThreads/{id}/posts/{id}");
  return key;
}

void ToProto(const store::ForumMemberRecord& r, kmhub::v1::ForumMember* out) {
  out->set_contact(ContactName(r.organisation_id, r.contact_id));
  out->set_display_name(r.display_name);
  out->set_organisation(OrganisationName(r.organisation_id));
  out->set_organisation_display_name(r.organisation_name);
  for (auto role : domain::MemberRoles(r.clinical_role, r.organisation_kind))
    out->add_roles(static_cast<kmhub::v1::ForumRole>(role));
}

void ToProto(const store::ForumCategoryRecord& r, kmhub::v1::ForumCategory* out) {
  out->set_name(ForumCategoryName(r.code));
  out->set_code(r.code);
  out->set_title(r.title);
  out->set_description(r.description);
  for (int role : r.roles) out->add_roles(static_cast<kmhub::v1::ForumRole>(role));
  out->set_thread_count(static_cast<int>(r.thread_count));
  out->set_post_count(r.post_count);
}

void ToProto(const store::ForumThreadRecord& r, kmhub::v1::ForumThread* out) {
  out->set_name(ForumThreadName(r.id));
  out->set_category(ForumCategoryName(r.category_code));
  out->set_title(r.title);
  for (const auto& tag : r.tags) out->add_tags(tag);
  for (const auto& code : r.project_codes) out->add_projects(ProjectName(code));
  out->set_state(static_cast<kmhub::v1::ThreadState>(r.state));
  ToProto(r.author, out->mutable_author());
  if (r.accepted_post_id) out->set_accepted_post(ForumPostName(r.id, r.accepted_post_id));
  out->set_post_count(r.post_count);
  SetTime(r.create_micros, out->mutable_create_time());
  SetTime(r.last_post_micros, out->mutable_last_post_time());
}

void ToProto(const store::ForumPostRecord& r, std::int64_t accepted_post_id, kmhub::v1::ForumPost* out) {
  out->set_name(ForumPostName(r.thread_id, r.id));
  out->set_thread(ForumThreadName(r.thread_id));
  ToProto(r.author, out->mutable_author());
  out->set_body(r.body);
  if (r.in_reply_to) out->set_in_reply_to(ForumPostName(r.thread_id, r.in_reply_to));
  for (const auto& m : r.mentions) ToProto(m, out->add_mentions());
  out->set_accepted(accepted_post_id != 0 && accepted_post_id == r.id);
  SetTime(r.create_micros, out->mutable_create_time());
  if (r.edit_micros) SetTime(r.edit_micros, out->mutable_edit_time());
}

}  // namespace kmhub::api
