#pragma once
// WatchForum streams, served with gRPC's async API from one completion queue and one thread.
//
// Why not the callback API: in gRPC 1.51 as Debian builds it, registering any callback method
// starts threads of gRPC's own that poll a second completion queue, and at 16 concurrent sync
// calls on two cores they doubled the p99 of GetProjectStatus and made ListProjects' five times
// longer (bench/, see README). Why not the sync API: each watcher would hold one of the sync
// server's workers for as long as it watches. Here a waiting watcher holds a few hundred bytes.
//
// Each stream is registered with the ForumFeed, queues the events delivered to it and writes
// them one at a time. It ends when the client cancels, the server shuts down, or the client
// reads too slowly to keep up.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <thread>
#include <unordered_set>

#include "kmhub/v1/forum.grpc.pb.h"
#include "server/api/forum_feed.h"
#include "shared/error.h"

namespace kmhub::api {

// Events a watcher may fall behind by before its stream is ended (RESOURCE_EXHAUSTED).
inline constexpr std::size_t kMaxWatchBacklog = 1000;

// Authorizes and checks a WatchForum request: what to watch, or why not.
using WatchRequestCheck =
    std::function<Expected<WatchTarget>(grpc::ServerContext* ctx, const kmhub::v1::WatchForumRequest& req)>;

class ForumWatchCall;

class ForumWatchServer {
 public:
  using AsyncService = kmhub::v1::ForumService::WithAsyncMethod_WatchForum<kmhub::v1::ForumService::Service>;

  // `service` must be registered with the server that `queue` was added to, and started.
  ForumWatchServer(AsyncService& service, WatchRequestCheck check, std::shared_ptr<ForumFeed> feed,
                   std::unique_ptr<grpc::ServerCompletionQueue> queue);
  // Shuts down the queue if Shutdown was not called.
  ~ForumWatchServer();
  ForumWatchServer(const ForumWatchServer&) = delete;
  ForumWatchServer& operator=(const ForumWatchServer&) = delete;

  // After grpc::Server::Shutdown has returned: drains the queue and frees every stream.
  void Shutdown();

 private:
  friend class ForumWatchCall;
  void Run();
  // On the queue's thread: waits for the next WatchForum call.
  void ListenForNext();

  AsyncService& service_;
  WatchRequestCheck check_;
  std::shared_ptr<ForumFeed> feed_;
  std::unique_ptr<grpc::ServerCompletionQueue> queue_;
  std::unordered_set<ForumWatchCall*> calls_;  // touched only by the queue's thread
  std::thread thread_;
  bool shut_down_ = false;
};

}  // namespace kmhub::api
