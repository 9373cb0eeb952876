#pragma once
// A server-streaming call served from the AsyncQueue: the messages sent to it from any thread
// are queued and written one at a time (gRPC allows one write in flight per stream), and it is
// finished once, after the write in flight. Subclasses request the call in their constructor
// (RequestX(&ctx_, &request_, &writer_, cq, cq, request_tag())) and start it in OnStart; nothing
// is written before StartWriting, so that its message is the stream's first.

#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>
#include <mutex>

#include "server/platform/rpc/async_queue.h"

namespace kmhub::api {

template <class Response>
class ServerStreamCall : public AsyncCall {
 public:
  bool Handle(int op, bool ok) final {
    switch (op) {
      case kRequest:
        if (ok) OnStart();  // else the server is shutting down; the queue's drain deletes this
        break;
      case kWrite: OnWriteDone(ok); break;
      case kFinish: {
        std::lock_guard lock(mu_);
        finish_in_flight_ = false;
        break;
      }
      case kDone: {
        std::lock_guard lock(mu_);
        done_ = true;
        if (ctx_.IsCancelled()) EndLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"), false);
        break;
      }
    }
    std::lock_guard lock(mu_);
    return done_ && !writing_ && !finish_in_flight_;
  }

 protected:
  enum class Sent { kQueued, kEnding, kBacklogFull };

  ServerStreamCall() : writer_(&ctx_) { ctx_.AsyncNotifyWhenDone(&done_tag_); }  // delivered once the call starts

  void* request_tag() { return &request_tag_; }
  // On the queue's thread, when the call has arrived: request the next one, then start this one.
  virtual void OnStart() = 0;

  // From any thread. Refused once the stream is ending, or when `max_backlog` are waiting.
  Sent Send(std::shared_ptr<const Response> message, std::size_t max_backlog = SIZE_MAX) {
    std::lock_guard lock(mu_);
    if (ending_) return Sent::kEnding;
    if (backlog_.size() >= max_backlog) return Sent::kBacklogFull;
    backlog_.push_back(std::move(message));
    if (started_ && !writing_) WriteFrontLocked();
    return Sent::kQueued;
  }

  // Writes `first`, then what Send queued meanwhile.
  void StartWriting(std::shared_ptr<const Response> first) {
    std::lock_guard lock(mu_);
    if (ending_ || started_) return;
    started_ = true;
    backlog_.push_front(std::move(first));
    WriteFrontLocked();
  }

  // From any thread: refuse later sends, write what is queued, then finish with `status`.
  void End(const grpc::Status& status) {
    std::lock_guard lock(mu_);
    EndLocked(status, true);
  }
  // The same, dropping what is queued but not yet being written (a reader too slow to wait for).
  void EndNow(const grpc::Status& status) {
    std::lock_guard lock(mu_);
    EndLocked(status, false);
  }

  grpc::ServerContext ctx_;
  grpc::ServerAsyncWriter<Response> writer_;

 private:
  enum Op { kRequest, kWrite, kFinish, kDone };

  void OnWriteDone(bool ok) {
    std::lock_guard lock(mu_);
    backlog_.pop_front();
    writing_ = false;
    if (!ok) {  // the call is over (cancelled, or the connection broke): nothing more gets through
      if (finish_pending_)
        FinishLocked();
      else
        EndLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"), false);
      return;
    }
    if (!backlog_.empty()) {
      WriteFrontLocked();  // also while ending: End drains the queue first
      return;
    }
    if (finish_pending_) FinishLocked();
  }

  void WriteFrontLocked() {
    writing_ = true;
    writer_.Write(*backlog_.front(), &write_tag_);
  }

  // Finish once, after the write in flight (gRPC allows one operation of a kind at a time) and,
  // with `drain`, after what is queued.
  void EndLocked(const grpc::Status& status, bool drain) {
    if (ending_) return;
    ending_ = true;
    status_ = status;
    finish_pending_ = true;
    if (!drain || !started_)
      while (backlog_.size() > (writing_ ? 1u : 0u)) backlog_.pop_back();
    if (writing_) return;
    if (!backlog_.empty())
      WriteFrontLocked();
    else
      FinishLocked();
  }

  void FinishLocked() {
    finish_pending_ = false;
    finish_in_flight_ = true;
    writer_.Finish(status_, &finish_tag_);
  }

  AsyncTag request_tag_{this, kRequest}, write_tag_{this, kWrite}, finish_tag_{this, kFinish}, done_tag_{this, kDone};
  std::mutex mu_;
  std::deque<std::shared_ptr<const Response>> backlog_;  // front: the message being written
  bool started_ = false, writing_ = false, ending_ = false, finish_pending_ = false, finish_in_flight_ = false, done_ = false;
  grpc::Status status_;
};

}  // namespace kmhub::api
