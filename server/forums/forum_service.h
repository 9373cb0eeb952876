#pragma once
// ForumService as this server serves it: WatchForum (forum_watch.h) and CreateForumPost
// (forum_post_call.h) with gRPC's async API, each from an AsyncQueue's thread; the rest sync.
// CreateForumPost is raw (bytes in, bytes out): the call parses its own request, so that one
// that does not parse is INVALID_ARGUMENT naming the field (malformed_requests.h), where gRPC's
// async API would end it with INTERNAL "Unable to parse request".

#include "kmhub/v1/forum.grpc.pb.h"

namespace kmhub::api {

// WatchForum is raw too, for the same reason, but its stream is written as typed events:
// RequestWatchForumAsBytes asks for the request as bytes and gives a typed writer.
class ForumServiceBase : public kmhub::v1::ForumService::WithRawMethod_WatchForum<
                             kmhub::v1::ForumService::WithRawMethod_CreateForumPost<kmhub::v1::ForumService::Service>> {
 public:
  void RequestWatchForumAsBytes(grpc::ServerContext* ctx, grpc::ByteBuffer* request,
                                grpc::ServerAsyncWriter<kmhub::v1::ForumEvent>* writer, grpc::ServerCompletionQueue* cq,
                                void* tag) {
    static const int method = kmhub::v1::WatchForumRequest::descriptor()
                                  ->file()
                                  ->FindServiceByName("ForumService")
                                  ->FindMethodByName("WatchForum")
                                  ->index();
    RequestAsyncServerStreaming(method, ctx, request, writer, cq, cq, tag);
  }
};

}  // namespace kmhub::api
