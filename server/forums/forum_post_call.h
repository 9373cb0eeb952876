#pragma once
// CreateForumPost served with gRPC's async API from an AsyncQueue of its own. A sync worker would
// sit waiting while its post waited for the post writer's next batch: with sixteen people posting,
// sixteen threads woken twice a post, and gRPC's sync machinery around each, took more of the
// two cores than the writing (bench/). Here the queue's thread checks the request and queues the
// post (ForumApi::CreatePost), and the post writer's answer thread finishes the call.
// (Why not the callback API: see async_queue.h.)

#include "server/platform/rpc/async_queue.h"

namespace kmhub::api {

class ForumApi;

class ForumPostCalls {
 public:
  // `api` is registered with the server that `queue` belongs to; both outlive this.
  ForumPostCalls(ForumApi& api, AsyncQueue& queue) : api_(api), queue_(queue) {}

  // On the queue's thread, as it starts: requests the first calls. Each call that arrives requests
  // the next, so that this many are always requested and a burst of posts finds one ready each.
  void Listen(int calls = 8);

 private:
  friend class ForumPostCall;
  void ListenForNext();

  ForumApi& api_;
  AsyncQueue& queue_;
};

}  // namespace kmhub::api
