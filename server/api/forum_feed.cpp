#include "server/api/forum_feed.h"

namespace kmhub::api {

ForumFeed::Joined ForumFeed::Subscribe(ForumWatcher* watcher, WatchTarget target) {
  std::lock_guard lock(mu_);
  if (closed_) return Joined::kClosed;
  if (watchers_.size() >= max_watchers_) return Joined::kFull;
  watchers_[watcher] = std::move(target);
  return Joined::kYes;
}

void ForumFeed::Unsubscribe(ForumWatcher* watcher) {
  std::lock_guard lock(mu_);
  watchers_.erase(watcher);
}

void ForumFeed::Publish(std::int64_t thread_id, const std::string& category_code, const ForumEventPtr& event) {
  std::lock_guard lock(mu_);
  for (const auto& [watcher, target] : watchers_) {
    const bool wanted = target.thread_id != 0 ? target.thread_id == thread_id : target.category_code == category_code;
    if (wanted) watcher->Deliver(event);
  }
}

void ForumFeed::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  for (const auto& [watcher, _] : watchers_) watcher->Close();
}

std::size_t ForumFeed::watchers() const {
  std::lock_guard lock(mu_);
  return watchers_.size();
}

}  // namespace kmhub::api
