#include "server/api/forum_watch.h"

#include <deque>
#include <mutex>

#include "server/api/status_mapping.h"

namespace kmhub::api {

// One WatchForum stream. The queue's thread drives it through Handle; the feed's publishers
// call Deliver and Close from their own threads, so the state is guarded by mu_. gRPC allows
// one write at a time per stream, and Finish only when no write is in flight.
class ForumWatchCall final : public ForumWatcher {
 public:
  enum class Op { kRequest, kWrite, kFinish, kDone };
  struct Tag {
    ForumWatchCall* call;
    Op op;
  };

  explicit ForumWatchCall(ForumWatchServer& server) : server_(server), writer_(&ctx_) {
    ctx_.AsyncNotifyWhenDone(&done_tag_);  // delivered only if the call starts
    server.service_.RequestWatchForum(&ctx_, &request_, &writer_, server.queue_.get(), server.queue_.get(),
                                      &request_tag_);
  }

  ~ForumWatchCall() override {
    if (subscribed_) server_.feed_->Unsubscribe(this);
  }

  // On the queue's thread. True when nothing of the call is pending any more: it may be deleted.
  bool Handle(Op op, bool ok) {
    switch (op) {
      case Op::kRequest: OnRequest(ok); break;
      case Op::kWrite: OnWriteDone(ok); break;
      case Op::kFinish: {
        std::lock_guard lock(mu_);
        finish_in_flight_ = false;
        break;
      }
      case Op::kDone: {
        std::lock_guard lock(mu_);
        done_ = true;
        if (ctx_.IsCancelled()) EndLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the watcher went away"));
        break;
      }
    }
    std::lock_guard lock(mu_);
    return done_ && !writing_ && !finish_in_flight_;
  }

  void Deliver(const ForumEventPtr& event) override {
    std::lock_guard lock(mu_);
    if (ending_) return;
    if (backlog_.size() >= kMaxWatchBacklog) {
      EndLocked(ToGrpcStatus(ResourceExhausted(
          "WATCH_TOO_SLOW", "the watcher fell more than " + std::to_string(kMaxWatchBacklog) + " posts behind; watch again")));
      return;
    }
    backlog_.push_back(event);
    if (!writing_) WriteFrontLocked();
  }

  void Close() override {
    std::lock_guard lock(mu_);
    EndLocked(ToGrpcStatus(Unavailable("SERVER_SHUTTING_DOWN", "the server is shutting down; watch again")));
  }

 private:
  void OnRequest(bool ok) {
    if (!ok) return;  // the server is shutting down; the queue's drain frees this call
    server_.ListenForNext();
    auto target = server_.check_(&ctx_, request_);
    std::lock_guard lock(mu_);
    if (!target) {
      EndLocked(ToGrpcStatus(target.error()));
      return;
    }
    // `ready` goes first: it is queued (and writing marked) before the feed can deliver a post.
    auto ready = std::make_shared<kmhub::v1::ForumEvent>();
    ready->set_ready(true);
    backlog_.push_back(ready);
    switch (server_.feed_->Subscribe(this, std::move(*target))) {
      case ForumFeed::Joined::kYes:
        subscribed_ = true;
        WriteFrontLocked();
        return;
      case ForumFeed::Joined::kClosed:
        backlog_.clear();
        EndLocked(ToGrpcStatus(Unavailable("SERVER_SHUTTING_DOWN", "the server is shutting down; watch again")));
        return;
      case ForumFeed::Joined::kFull:
        backlog_.clear();
        EndLocked(ToGrpcStatus(ResourceExhausted(
            "TOO_MANY_WATCHERS", "this server has as many watchers as it takes; try again later or another server",
            5000)));
        return;
    }
  }

  void OnWriteDone(bool ok) {
    std::lock_guard lock(mu_);
    backlog_.pop_front();
    writing_ = false;
    if (finish_pending_) {
      FinishLocked();
      return;
    }
    if (!ok) {  // the call is over (cancelled, or the connection broke)
      EndLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the watcher went away"));
      return;
    }
    if (!ending_ && !backlog_.empty()) WriteFrontLocked();
  }

  void WriteFrontLocked() {
    writing_ = true;
    writer_.Write(*backlog_.front(), &write_tag_);
  }

  // Finish once; a write in flight completes first.
  void EndLocked(const grpc::Status& status) {
    if (finished_ || finish_pending_) return;
    ending_ = true;
    status_ = status;
    finish_pending_ = true;
    if (!writing_) FinishLocked();
  }

  void FinishLocked() {
    finish_pending_ = false;
    if (finished_) return;
    finished_ = true;
    finish_in_flight_ = true;
    writer_.Finish(status_, &finish_tag_);
  }

  ForumWatchServer& server_;
  grpc::ServerContext ctx_;
  kmhub::v1::WatchForumRequest request_;
  grpc::ServerAsyncWriter<kmhub::v1::ForumEvent> writer_;
  Tag request_tag_{this, Op::kRequest}, write_tag_{this, Op::kWrite}, finish_tag_{this, Op::kFinish},
      done_tag_{this, Op::kDone};

  std::mutex mu_;
  std::deque<ForumEventPtr> backlog_;  // front: the event being written
  bool subscribed_ = false;
  bool writing_ = false, ending_ = false, finish_pending_ = false, finished_ = false;
  bool finish_in_flight_ = false, done_ = false;
  grpc::Status status_;
};

ForumWatchServer::ForumWatchServer(AsyncService& service, WatchRequestCheck check, std::shared_ptr<ForumFeed> feed,
                                   std::unique_ptr<grpc::ServerCompletionQueue> queue)
    : service_(service), check_(std::move(check)), feed_(std::move(feed)), queue_(std::move(queue)) {
  thread_ = std::thread([this] { Run(); });
}

ForumWatchServer::~ForumWatchServer() { Shutdown(); }

void ForumWatchServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  queue_->Shutdown();
  thread_.join();
}

void ForumWatchServer::ListenForNext() { calls_.insert(new ForumWatchCall(*this)); }

void ForumWatchServer::Run() {
  ListenForNext();
  void* tag = nullptr;
  bool ok = false;
  while (queue_->Next(&tag, &ok)) {
    auto* t = static_cast<ForumWatchCall::Tag*>(tag);
    if (t->call->Handle(t->op, ok)) {
      calls_.erase(t->call);
      delete t->call;
    }
  }
  // The queue is drained: nothing of any call can arrive any more. What is left never started
  // (its request failed at shutdown) or was cut off by it.
  for (auto* call : calls_) delete call;
  calls_.clear();
}

}  // namespace kmhub::api
