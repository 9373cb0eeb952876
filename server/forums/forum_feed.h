#pragma once
// New forum posts, fanned out to the watchers of their thread or category as they are written
// (ForumService.WatchForum). A watcher waits on nothing but this object — no database
// connection, no server thread — and each event is built once and shared by all.
//
// Posts written through this server are published at once. With several servers on one
// PostgreSQL database, polling (--forum-poll-ms) also finds, while anyone watches, the posts
// written through the others: every tick it reads the posts of the last few seconds (a window,
// because a post with a lower id can commit after one with a higher id) and publishes those it
// has not published yet.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

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
  std::int64_t since_micros = 0;  // set by Subscribe: polled posts written before are not news
};

// A post as polling finds it.
struct PolledPost {
  std::int64_t post_id = 0, thread_id = 0, create_micros = 0;
  std::string category_code;
  ForumEventPtr event;
};
// Posts written at or after `since_micros`, oldest first.
using RecentPosts = std::function<std::vector<PolledPost>(std::int64_t since_micros)>;

class ForumFeed {
 public:
  explicit ForumFeed(std::size_t max_watchers) : max_watchers_(max_watchers) {}
  ~ForumFeed();

  enum class Joined { kYes, kClosed, kFull };
  Joined Subscribe(ForumWatcher* watcher, WatchTarget target);
  // After it returns, the watcher is never called again.
  void Unsubscribe(ForumWatcher* watcher);
  // The event of a post, built only if a watcher wants it: most posts have no watcher, and
  // building one is a copy of the post (with its author and mentions) into a message.
  using MakeEvent = std::function<ForumEventPtr()>;
  // To the watchers of the post's thread and of its category, unless published already; the
  // event is built at most once.
  void Publish(std::int64_t post_id, std::int64_t thread_id, const std::string& category_code,
               const MakeEvent& make_event);
  // Starts polling for posts written through other servers (see above); `every` > 0.
  void StartPolling(RecentPosts recent, std::chrono::milliseconds every);
  // Ends every watch, refuses new ones, and stops polling.
  void Close();
  std::size_t watchers() const;

 private:
  void Poll(RecentPosts recent, std::chrono::milliseconds every);
  // With mu_ held. `created_micros` 0: a post of this server, news to every watcher.
  void PublishLocked(std::int64_t post_id, std::int64_t thread_id, const std::string& category_code,
                     std::int64_t created_micros, const MakeEvent& make_event);

  const std::size_t max_watchers_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool closed_ = false;
  bool polling_ = false;
  std::unordered_map<ForumWatcher*, WatchTarget> watchers_;
  // Posts published lately (id → when), so that polling publishes each once.
  std::unordered_map<std::int64_t, std::chrono::steady_clock::time_point> published_;
  std::thread poller_;
};

}  // namespace kmhub::api
