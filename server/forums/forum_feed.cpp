#include "server/forums/forum_feed.h"

#include "shared/thread_name.h"

namespace kmhub::api {

namespace {

// How far back each poll looks: longer than a post's transaction can take to commit after it
// read the clock, plus clock differences between servers.
constexpr std::chrono::seconds kPollWindow{10};
// How long a published post is remembered: well past the window.
constexpr std::chrono::seconds kRemembered{60};

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ForumFeed::~ForumFeed() { Close(); }

ForumFeed::Joined ForumFeed::Subscribe(ForumWatcher* watcher, WatchTarget target) {
  std::lock_guard lock(mu_);
  if (closed_) return Joined::kClosed;
  if (watchers_.size() >= max_watchers_) return Joined::kFull;
  target.since_micros = NowMicros();
  watchers_[watcher] = std::move(target);
  return Joined::kYes;
}

void ForumFeed::Unsubscribe(ForumWatcher* watcher) {
  std::lock_guard lock(mu_);
  watchers_.erase(watcher);
}

void ForumFeed::Publish(std::int64_t post_id, std::int64_t thread_id, const std::string& category_code,
                        const MakeEvent& make_event) {
  std::lock_guard lock(mu_);
  PublishLocked(post_id, thread_id, category_code, 0, make_event);
}

void ForumFeed::PublishLocked(std::int64_t post_id, std::int64_t thread_id, const std::string& category_code,
                              std::int64_t created_micros, const MakeEvent& make_event) {
  if (polling_ && !published_.emplace(post_id, std::chrono::steady_clock::now()).second) return;
  ForumEventPtr event;
  for (const auto& [watcher, target] : watchers_) {
    if (created_micros != 0 && created_micros < target.since_micros) continue;  // older than the watch
    const bool wanted = target.thread_id != 0 ? target.thread_id == thread_id : target.category_code == category_code;
    if (!wanted) continue;
    if (!event) event = make_event();
    watcher->Deliver(event);
  }
}

void ForumFeed::StartPolling(RecentPosts recent, std::chrono::milliseconds every) {
  std::lock_guard lock(mu_);
  if (closed_ || poller_.joinable()) return;
  polling_ = true;
  poller_ = std::thread([this, recent = std::move(recent), every] {
    NameThisThread("kmhub-feed-poll");
    Poll(recent, every);
  });
}

void ForumFeed::Poll(RecentPosts recent, std::chrono::milliseconds every) {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, every, [this] { return closed_; })) {
    const auto now = std::chrono::steady_clock::now();
    for (auto it = published_.begin(); it != published_.end();)
      it = now - it->second > kRemembered ? published_.erase(it) : std::next(it);
    if (watchers_.empty()) continue;  // nobody to tell: no database read at all
    lock.unlock();
    const auto posts = recent(NowMicros() - std::chrono::duration_cast<std::chrono::microseconds>(kPollWindow).count());
    lock.lock();
    for (const auto& p : posts)
      PublishLocked(p.post_id, p.thread_id, p.category_code, p.create_micros, [&p] { return p.event; });
  }
}

void ForumFeed::Close() {
  {
    std::lock_guard lock(mu_);
    if (!closed_) {
      closed_ = true;
      for (const auto& [watcher, _] : watchers_) watcher->Close();
    }
  }
  wake_.notify_all();
  if (poller_.joinable() && poller_.get_id() != std::this_thread::get_id()) poller_.join();
}

std::size_t ForumFeed::watchers() const {
  std::lock_guard lock(mu_);
  return watchers_.size();
}

}  // namespace kmhub::api
