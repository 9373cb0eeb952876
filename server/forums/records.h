#pragma once
// Forums: categories, threads (each may be linked to a project) and posts, and the members who
// write them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kmhub::store {

// A contact as the forums show it, with what its member roles follow from.
struct ForumMemberRecord {
  std::int64_t contact_id = 0, organisation_id = 0;
  std::string display_name, organisation_name;
  std::string given_name, family_name;
  int clinical_role = 0, organisation_kind = 0;
};

struct ForumCategoryRecord {
  std::int64_t id = 0;
  std::string code, title, description;
  std::vector<int> roles;  // kmhub.v1.ForumRole
  long long thread_count = 0, post_count = 0;
};

struct ForumThreadRecord {
  std::int64_t id = 0;
  std::string category_code;
  std::string title;
  std::vector<std::string> tags;
  std::vector<std::string> project_codes;
  int state = 0;  // kmhub.v1.ThreadState
  ForumMemberRecord author;
  std::int64_t accepted_post_id = 0;  // 0: none
  int post_count = 0;
  std::int64_t create_micros = 0, last_post_micros = 0;
};

struct ForumPostRecord {
  std::int64_t id = 0, thread_id = 0;
  ForumMemberRecord author;
  std::string body;
  std::int64_t in_reply_to = 0;  // 0: none
  std::vector<ForumMemberRecord> mentions;
  std::int64_t create_micros = 0, edit_micros = 0;
};

}  // namespace kmhub::store
