#pragma once
// ForumService as this server serves it: WatchForum (forum_watch.h) and CreateForumPost
// (forum_post_call.h) with gRPC's async API, each from an AsyncQueue's thread; the rest sync.

#include "kmhub/v1/forum.grpc.pb.h"

namespace kmhub::api {

using ForumServiceBase = kmhub::v1::ForumService::WithAsyncMethod_WatchForum<
    kmhub::v1::ForumService::WithAsyncMethod_CreateForumPost<kmhub::v1::ForumService::Service>>;

}  // namespace kmhub::api
