#pragma once
// Forum records -> messages, and the forum's resource names.

#include <string>
#include <string_view>

#include "kmhub/v1/forum.pb.h"
#include "server/forums/forum_store.h"
#include "shared/error.h"

namespace kmhub::api {

std::string ForumCategoryName(const std::string& code);
std::string ForumThreadName(std::int64_t id);
std::string ForumPostName(std::int64_t thread_id, std::int64_t post_id);

struct ForumPostKey {
  std::int64_t thread_id = 0, post_id = 0;
};
// INVALID_ARGUMENT on `field` when malformed.
Expected<std::string> ParseForumCategoryName(std::string_view name, const std::string& field);
Expected<std::int64_t> ParseForumThreadName(std::string_view name, const std::string& field);
Expected<ForumPostKey> ParseForumPostName(std::string_view name, const std::string& field);

void ToProto(const store::ForumMemberRecord& r, kmhub::v1::ForumMember* out);
void ToProto(const store::ForumCategoryRecord& r, kmhub::v1::ForumCategory* out);
void ToProto(const store::ForumThreadRecord& r, kmhub::v1::ForumThread* out);
// `accepted_post_id`: the thread's answer, to mark the post that is it.
void ToProto(const store::ForumPostRecord& r, std::int64_t accepted_post_id, kmhub::v1::ForumPost* out);

}  // namespace kmhub::api
