#pragma once
// A completion queue and the one thread that serve calls with gRPC's async API, next to the sync
// server that answers most calls. The server has two: one for its long-lived streams
// (WatchForum, grpc.health.v1 Watch), one for forum posts (CreateForumPost, whose calls wait for
// the post writer's next batch without holding a thread). Apart, because a post's checks read
// the database, and a database that hangs must not stall the watchers and health streams with it.
//
// Why not the callback API: in gRPC 1.51 as Debian builds it, any callback method (the default
// health service has them) makes gRPC start threads of its own that poll the connections next
// to the sync server's pollers; so does an async queue that listens. On two cores at 16
// concurrent calls those extra pollers doubled GetProjectStatus's p99 (bench/, README). This
// queue is registered as not listening: the sync server's threads do all network polling and
// this thread only runs the async calls' completions. Why not the sync API: each stream would hold
// one of the sync server's workers for as long as it lasts.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

namespace kmhub::api {

// One call served from the queue. Its operations complete on the queue's thread.
class AsyncCall {
 public:
  virtual ~AsyncCall() = default;
  // An operation of this call completed (`op`: the call's own code). True when nothing of the
  // call is pending any more: the queue deletes it.
  virtual bool Handle(int op, bool ok) = 0;
};

// What each asynchronous operation is tagged with.
struct AsyncTag {
  AsyncCall* call;
  int op;
};

class AsyncQueue {
 public:
  // From ServerBuilder::AddCompletionQueue(false), before the server is built; `thread_name`
  // names its thread (at most 15 characters).
  AsyncQueue(std::unique_ptr<grpc::ServerCompletionQueue> queue, std::string thread_name)
      : queue_(std::move(queue)), thread_name_(std::move(thread_name)) {}
  ~AsyncQueue() { Shutdown(); }
  AsyncQueue(const AsyncQueue&) = delete;
  AsyncQueue& operator=(const AsyncQueue&) = delete;

  grpc::ServerCompletionQueue* queue() { return queue_.get(); }
  // Once the server has started: starts the thread, which first runs `listen` (to request the
  // first call of each method).
  void Start(std::function<void()> listen);
  // Takes ownership of a call. Only on the queue's thread (in `listen` or in Handle).
  void Adopt(AsyncCall* call) { calls_.insert(call); }
  // After grpc::Server::Shutdown has returned: drains the queue and deletes every call.
  void Shutdown();
  // From any thread: runs `start_op`, which starts an operation of a call on this queue (a
  // request for the next call, a Finish), unless the queue is shut down, since gRPC aborts the
  // process on an operation started on a queue that is. False if it did not run: the call is
  // left to the drain. Requests need it too: the thread's first `listen` may run after a
  // short-lived server has already stopped, and a call arriving as the server stops asks for the
  // next one.
  bool StartIfOpen(const std::function<void()>& start_op);

 private:
  void Run(const std::function<void()>& listen);

  std::unique_ptr<grpc::ServerCompletionQueue> queue_;
  const std::string thread_name_;
  std::unordered_set<AsyncCall*> calls_;  // only the queue's thread touches it
  std::thread thread_;
  bool shut_down_ = false;
  std::mutex open_mu_;
  bool open_ = true;  // under open_mu_
};

}  // namespace kmhub::api
