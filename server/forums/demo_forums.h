#pragma once
// Demo forum threads loaded with `--demo`: benchmarking, problem solving and idea development
// between the demo PCT, its practices, consortia, trusts and social care, linked to the demo
// projects, so that contributors show on projects and search has something to find.

#include <string>
#include <vector>

namespace kmhub::domain {

struct DemoReply {
  std::string author_email;
  std::string body;
  int in_reply_to = -1;  // index of an earlier reply; -1: the opening post
  int hours_after = 2;   // after the post before it
};

struct DemoThread {
  std::string category;
  std::string title;
  std::vector<std::string> tags;
  std::vector<std::string> project_codes;
  std::string author_email;
  std::string body;
  int days_ago = 30;
  std::vector<DemoReply> replies;
  int accepted_reply = -1;  // index into replies
  bool locked = false;
};

struct DemoForumCategory {
  std::string code, title, description;
  std::vector<int> roles;  // kmhub.v1.ForumRole
};

struct DemoForumSet {
  std::string version;
  std::vector<DemoForumCategory> categories;  // in addition to the three seeded ones
  std::vector<DemoThread> threads;
};

const DemoForumSet& ForumDemoData();

}  // namespace kmhub::domain
