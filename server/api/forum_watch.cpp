#include "server/api/forum_watch.h"

#include "server/api/status_mapping.h"

namespace kmhub::api {

namespace {

class ForumWatch final : public grpc::ServerWriteReactor<kmhub::v1::ForumEvent>, public ForumWatcher {
 public:
  explicit ForumWatch(std::shared_ptr<ForumFeed> feed) : feed_(std::move(feed)) {}

  void Start(WatchTarget target) {
    // `ready` goes first: it is queued (and writing marked) before the feed can deliver a post.
    auto ready = std::make_shared<kmhub::v1::ForumEvent>();
    ready->set_ready(true);
    {
      std::lock_guard lock(mu_);
      backlog_.push_back(ready);
      writing_ = true;
    }
    grpc::Status refused;
    switch (feed_->Subscribe(this, std::move(target))) {
      case ForumFeed::Joined::kYes: StartWrite(ready.get()); return;
      case ForumFeed::Joined::kClosed:
        refused = ToGrpcStatus(Unavailable("SERVER_SHUTTING_DOWN", "the server is shutting down; watch again"));
        break;
      case ForumFeed::Joined::kFull:
        refused = ToGrpcStatus(ResourceExhausted("TOO_MANY_WATCHERS", "this server has as many watchers as it takes; "
                                                                      "try again later or another server", 5000));
        break;
    }
    std::lock_guard lock(mu_);
    backlog_.clear();
    writing_ = false;
    EndLocked(refused);
  }

  void Deliver(const ForumEventPtr& event) override {
    const kmhub::v1::ForumEvent* next = nullptr;
    {
      std::lock_guard lock(mu_);
      if (ending_) return;
      if (backlog_.size() >= kMaxWatchBacklog) {
        EndLocked(ToGrpcStatus(ResourceExhausted("WATCH_TOO_SLOW", "the watcher fell more than " +
                                                                       std::to_string(kMaxWatchBacklog) +
                                                                       " posts behind; watch again")));
        return;
      }
      backlog_.push_back(event);
      if (writing_) return;
      writing_ = true;
      next = backlog_.front().get();
    }
    StartWrite(next);
  }

  void Close() override {
    std::lock_guard lock(mu_);
    EndLocked(ToGrpcStatus(Unavailable("SERVER_SHUTTING_DOWN", "the server is shutting down; watch again")));
  }

  void OnWriteDone(bool ok) override {
    const kmhub::v1::ForumEvent* next = nullptr;
    {
      std::lock_guard lock(mu_);
      backlog_.pop_front();
      writing_ = false;
      if (finish_pending_) {
        FinishNow();
        return;
      }
      if (!ok) {  // the call is over (cancelled, or the connection broke)
        EndLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the watcher went away"));
        return;
      }
      if (ending_ || backlog_.empty()) return;
      writing_ = true;
      next = backlog_.front().get();
    }
    StartWrite(next);
  }

  void OnCancel() override {
    std::lock_guard lock(mu_);
    EndLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the watcher cancelled"));
  }

  void OnDone() override {
    feed_->Unsubscribe(this);
    delete this;
  }

 private:
  // Finish once; a write in flight completes first (gRPC allows one outstanding operation).
  void EndLocked(const grpc::Status& status) {
    if (finished_ || finish_pending_) return;
    ending_ = true;
    status_ = status;
    finish_pending_ = true;
    if (!writing_) FinishNow();
  }

  void FinishNow() {
    if (finished_) return;
    finished_ = true;
    finish_pending_ = false;
    Finish(status_);
  }

  std::shared_ptr<ForumFeed> feed_;
  std::mutex mu_;
  std::deque<ForumEventPtr> backlog_;
  bool writing_ = false, ending_ = false, finish_pending_ = false, finished_ = false;
  grpc::Status status_;
};

class RefusedWatch final : public grpc::ServerWriteReactor<kmhub::v1::ForumEvent> {
 public:
  explicit RefusedWatch(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<kmhub::v1::ForumEvent>* StartForumWatch(std::shared_ptr<ForumFeed> feed, WatchTarget target) {
  auto* watch = new ForumWatch(std::move(feed));
  watch->Start(std::move(target));
  return watch;
}

grpc::ServerWriteReactor<kmhub::v1::ForumEvent>* RefusedForumWatch(const grpc::Status& status) {
  return new RefusedWatch(status);
}

}  // namespace kmhub::api
