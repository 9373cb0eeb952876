#include "server/forums/forum_post_call.h"

#include "server/forums/forum_api.h"
#include "server/platform/rpc/malformed_requests.h"

namespace kmhub::api {

// One CreateForumPost call: requested, started on the queue's thread, finished from whichever
// thread answers it, and deleted by the queue once finished.
class ForumPostCall final : public AsyncCall {
 public:
  explicit ForumPostCall(ForumPostCalls& calls) : calls_(calls), responder_(&ctx_) {
    // Requested only while the queue is open: a request started on a queue already shut down
    // aborts the process (a server stopped before this thread first ran, or as a call came in).
    auto* queue = calls.queue_.queue();
    calls.queue_.StartIfOpen(
        [&] { calls.api_.RequestCreateForumPost(&ctx_, &request_bytes_, &responder_, queue, queue, &request_tag_); });
  }

  bool Handle(int op, bool ok) override {
    if (op == kFinish) return true;
    // Not ok: the server is shutting down and the call never came.
    if (!ok) return true;
    calls_.ListenForNext();
    if (const auto malformed = ParseRequest(request_bytes_, &request_)) {
      Finish(*malformed);
      return false;
    }
    calls_.api_.CreatePost(&ctx_, request_, &response_, [this](const grpc::Status& status) { Finish(status); });
    return false;  // deleted once finished (or, if the queue shut down first, by its drain)
  }

 private:
  enum Op { kRequest, kFinish };

  void Finish(const grpc::Status& status) {
    calls_.queue_.StartIfOpen([&] {
      bool own_buffer = false;
      if (status.ok() &&
          grpc::SerializationTraits<kmhub::v1::ForumPost>::Serialize(response_, &response_bytes_, &own_buffer).ok())
        responder_.Finish(response_bytes_, status, &finish_tag_);
      else
        responder_.FinishWithError(status.ok() ? grpc::Status(grpc::StatusCode::INTERNAL, "cannot encode the post")
                                               : status,
                                   &finish_tag_);
    });
  }

  ForumPostCalls& calls_;
  grpc::ServerContext ctx_;
  grpc::ByteBuffer request_bytes_, response_bytes_;
  kmhub::v1::CreateForumPostRequest request_;
  kmhub::v1::ForumPost response_;
  grpc::ServerAsyncResponseWriter<grpc::ByteBuffer> responder_;
  AsyncTag request_tag_{this, kRequest};
  AsyncTag finish_tag_{this, kFinish};
};

void ForumPostCalls::Listen(int calls) {
  for (int i = 0; i < calls; ++i) ListenForNext();
}

void ForumPostCalls::ListenForNext() { queue_.Adopt(new ForumPostCall(*this)); }

}  // namespace kmhub::api
