#pragma once
// Threads in the manner of JWZ's algorithm (README.md, "Threading"): a message belongs with every
// Message-ID it names as an ancestor (References, In-Reply-To) and with its own. Ids not yet
// imported are kept as placeholders, so a reply that arrives before its parent, and the parent
// that arrives later, end in one thread. No grouping by subject: two messages with one subject
// and no ids in common are two threads.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kmhub::domain {

// The ids a message ties together: its own (if it has one), then In-Reply-To and References,
// without repeats and without empty ones.
std::vector<std::string> ThreadIds(const std::string& own_id, const std::string& in_reply_to,
                                   const std::vector<std::string>& references);

struct ThreadChoice {
  std::int64_t thread_id = 0;               // 0: start a new thread
  std::vector<std::int64_t> merged;         // other threads to fold into thread_id
  std::vector<std::string> new_ids;         // ids to register in thread_id (as placeholders or the message's own)
};

// Given which of `ids` are already known and their threads, where the message goes: the oldest
// (smallest) thread among them; the others are merged into it.
ThreadChoice ChooseThread(const std::vector<std::string>& ids, const std::map<std::string, std::int64_t>& known);

}  // namespace kmhub::domain
