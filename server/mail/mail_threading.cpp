#include "server/mail/mail_threading.h"

#include <algorithm>
#include <set>

namespace kmhub::domain {

std::vector<std::string> ThreadIds(const std::string& own_id, const std::string& in_reply_to,
                                   const std::vector<std::string>& references) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  auto add = [&](const std::string& id) {
    if (!id.empty() && seen.insert(id).second) ids.push_back(id);
  };
  add(own_id);
  add(in_reply_to);
  for (const auto& r : references) add(r);
  return ids;
}

ThreadChoice ChooseThread(const std::vector<std::string>& ids, const std::map<std::string, std::int64_t>& known) {
  ThreadChoice choice;
  std::set<std::int64_t> threads;
  for (const auto& id : ids) {
    const auto found = known.find(id);
    if (found == known.end())
      choice.new_ids.push_back(id);
    else
      threads.insert(found->second);
  }
  if (!threads.empty()) {
    choice.thread_id = *threads.begin();
    choice.merged.assign(std::next(threads.begin()), threads.end());
  }
  return choice;
}

}  // namespace kmhub::domain
