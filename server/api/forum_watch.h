#pragma once
// The stream of one WatchForum call (gRPC callback API): registered with the ForumFeed, it
// queues the events delivered to it and writes them one at a time. It ends when the client
// cancels, the server shuts down, or the client reads too slowly to keep up.

#include <grpcpp/grpcpp.h>

#include <deque>
#include <mutex>

#include "server/api/forum_feed.h"

namespace kmhub::api {

// Events a watcher may fall behind by before its stream is ended (RESOURCE_EXHAUSTED).
inline constexpr std::size_t kMaxWatchBacklog = 1000;

// Starts the watch: `target` is registered and `ready` sent first. Deletes itself when done.
grpc::ServerWriteReactor<kmhub::v1::ForumEvent>* StartForumWatch(std::shared_ptr<ForumFeed> feed, WatchTarget target);

// A stream that only ends with `status` (a refused watch).
grpc::ServerWriteReactor<kmhub::v1::ForumEvent>* RefusedForumWatch(const grpc::Status& status);

}  // namespace kmhub::api
