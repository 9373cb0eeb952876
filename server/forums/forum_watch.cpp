#include "server/forums/forum_watch.h"

#include "server/platform/rpc/malformed_requests.h"
#include "server/platform/rpc/server_stream_call.h"
#include "server/platform/rpc/status_mapping.h"

namespace kmhub::api {

namespace {

grpc::Status ShuttingDown() {
  return ToGrpcStatus(Unavailable("SERVER_SHUTTING_DOWN", "the server is shutting down; watch again"));
}

}  // namespace

// One WatchForum stream: the feed's publishers call Deliver and Close from their own threads.
class ForumWatchCall final : public ServerStreamCall<kmhub::v1::ForumEvent>, public ForumWatcher {
 public:
  explicit ForumWatchCall(ForumWatches& watches) : watches_(watches) {
    auto* queue = watches.queue_.queue();  // requested only while the queue is open (ForumPostCall)
    watches.queue_.StartIfOpen(
        [&] { watches.service_.RequestWatchForumAsBytes(&ctx_, &request_bytes_, &writer_, queue, request_tag()); });
  }

  ~ForumWatchCall() override {
    if (subscribed_) watches_.feed_->Unsubscribe(this);
  }

  void Deliver(const ForumEventPtr& event) override {
    if (Send(event, watches_.max_backlog_) == Sent::kBacklogFull)
      EndNow(ToGrpcStatus(ResourceExhausted("WATCH_TOO_SLOW", "the watcher fell more than " +
                                                                  std::to_string(watches_.max_backlog_) +
                                                                  " posts behind; watch again")));
  }

  void Close() override { End(ShuttingDown()); }

 private:
  void OnStart() override {
    watches_.ListenForNext();
    if (const auto malformed = ParseRequest(request_bytes_, &request_)) {
      End(*malformed);
      return;
    }
    auto target = watches_.check_(&ctx_, request_);
    if (!target) {
      End(ToGrpcStatus(target.error()));
      return;
    }
    switch (watches_.feed_->Subscribe(this, std::move(*target))) {
      case ForumFeed::Joined::kYes: {
        subscribed_ = true;
        // `ready` goes first, before any post the feed delivered since Subscribe.
        auto ready = std::make_shared<kmhub::v1::ForumEvent>();
        ready->set_ready(true);
        StartWriting(std::move(ready));
        return;
      }
      case ForumFeed::Joined::kClosed: End(ShuttingDown()); return;
      case ForumFeed::Joined::kFull:
        End(ToGrpcStatus(ResourceExhausted(
            "TOO_MANY_WATCHERS", "this server has as many watchers as it takes; try again later or another server",
            5000)));
        return;
    }
  }

  ForumWatches& watches_;
  grpc::ByteBuffer request_bytes_;
  kmhub::v1::WatchForumRequest request_;
  bool subscribed_ = false;  // only the queue's thread touches it
};

void ForumWatches::ListenForNext() { queue_.Adopt(new ForumWatchCall(*this)); }

}  // namespace kmhub::api
