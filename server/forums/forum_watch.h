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
inline constexpr std::size_t kMaxWatchBacklog = 1000;  // the default of ServerOptions::max_watch_backlog

// Authorizes and checks a WatchForum request: what to watch, or why not.
using WatchRequestCheck =
    std::function<Expected<WatchTarget>(grpc::ServerContext* ctx, const kmhub::v1::WatchForumRequest& req)>;

class ForumWatches {
 public:
  // `service` is registered with the server that `queue` belongs to; all four outlive this.
  // A watcher with `max_backlog` posts waiting to be sent (it reads too slowly, or not at all)
  // is ended with RESOURCE_EXHAUSTED WATCH_TOO_SLOW rather than held in memory.
  ForumWatches(ForumServiceBase& service, WatchRequestCheck check, std::shared_ptr<ForumFeed> feed,
               AsyncQueue& queue, std::size_t max_backlog = kMaxWatchBacklog)
      : service_(service), check_(std::move(check)), feed_(std::move(feed)), queue_(queue), max_backlog_(max_backlog) {}

  // On the queue's thread: waits for the next WatchForum call.
  void ListenForNext();

 private:
  friend class ForumWatchCall;
  ForumServiceBase& service_;
  WatchRequestCheck check_;
  std::shared_ptr<ForumFeed> feed_;
  AsyncQueue& queue_;
  std::size_t max_backlog_;
};

}  // namespace kmhub::api
