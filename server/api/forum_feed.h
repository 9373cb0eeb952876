#pragma once
// New forum posts, fanned out to the watchers of their thread or category as they are written
// (ForumService.WatchForum). In memory: a watcher waits on nothing but this object — no
// database connection, no server thread — and each event is built once and shared by all.
// Posts written through other servers of the same database are not seen (README, Forums).

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "kmhub/v1/forum.pb.h"

namespace kmhub::api {

using ForumEventPtr = std::shared_ptr<const kmhub::v1::ForumEvent>;

// What one watcher receives; implemented by the stream of one WatchForum call.
class ForumWatcher {
 public:
  virtual ~ForumWatcher() = default;
  // Must not block: queue the event and return.
  virtual void Deliver(const ForumEventPtr& event) = 0;
  // The server is shutting down: end the stream.
  virtual void Close() = 0;
};

struct WatchTarget {
  std::int64_t thread_id = 0;  // 0: a category
  std::string category_code;
};

class ForumFeed {
 public:
  explicit ForumFeed(std::size_t max_watchers) : max_watchers_(max_watchers) {}

  enum class Joined { kYes, kClosed, kFull };
  Joined Subscribe(ForumWatcher* watcher, WatchTarget target);
  // After it returns, the watcher is never called again.
  void Unsubscribe(ForumWatcher* watcher);
  // To the watchers of the post's thread and of its category.
  void Publish(std::int64_t thread_id, const std::string& category_code, const ForumEventPtr& event);
  // Ends every watch and refuses new ones.
  void Close();
  std::size_t watchers() const;

 private:
  const std::size_t max_watchers_;
  mutable std::mutex mu_;
  bool closed_ = false;
  std::unordered_map<ForumWatcher*, WatchTarget> watchers_;
};

}  // namespace kmhub::api
