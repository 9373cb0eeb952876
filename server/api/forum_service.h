#pragma once
// ForumService as this server serves it: WatchForum (forum_watch.h) and CreateForumPost
// (forum_post_call.h) with gRPC's async API, each from an AsyncQueue's thread; the rest sync.
// CreateForumPost is raw (bytes in, bytes out): the call parses its own request, so that one
// that does not parse is INVALID_ARGUMENT naming the field (malformed_requests.h), where gRPC's
// async API would end it with INTERNAL "Unable to parse request".

#include "kmhub/v1/forum.grpc.pb.h"

namespace kmhub::api {

using ForumServiceBase = kmhub::v1::ForumService::WithAsyncMethod_WatchForum<
    kmhub::v1::ForumService::WithRawMethod_CreateForumPost<kmhub::v1::ForumService::Service>>;

}  // namespace kmhub::api
