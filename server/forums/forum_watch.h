#pragma once
// WatchForum streams, served from the AsyncQueue (see there why). Each stream is registered with
// the ForumFeed, queues the events delivered to it and writes them one at a time; it ends when
// the client cancels, the server shuts down, or the client reads too slowly to keep up.

#include <functional>
#include <memory>

#include "server/platform/rpc/async_queue.h"
#include "server/forums/forum_feed.h"
#include "server/forums/forum_service.h"
#include "shared/error.h"

namespace kmhub::api {

// Events a watcher may fall behind by before its stream is ended (RESOURCE_EXHAUSTED).
inline constexpr std::size_t kMaxWatchBacklog = 1000;

// Authorizes and checks a WatchForum request: what to watch, or why not.
using WatchRequestCheck =
    std::function<Expected<WatchTarget>(grpc::ServerContext* ctx, const kmhub::v1::WatchForumRequest& req)>;

class ForumWatches {
 public:
  // `service` is registered with the server that `queue` belongs to; all four outlive this.
  ForumWatches(ForumServiceBase& service, WatchRequestCheck check, std::shared_ptr<ForumFeed> feed,
               AsyncQueue& queue)
      : service_(service), check_(std::move(check)), feed_(std::move(feed)), queue_(queue) {}

  // On the queue's thread: waits for the next WatchForum call.
  void ListenForNext();

 private:
  friend class ForumWatchCall;
  ForumServiceBase& service_;
  WatchRequestCheck check_;
  std::shared_ptr<ForumFeed> feed_;
  AsyncQueue& queue_;
};

}  // namespace kmhub::api
