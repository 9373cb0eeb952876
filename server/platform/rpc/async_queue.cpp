#include "server/platform/rpc/async_queue.h"

#include "shared/thread_name.h"

namespace kmhub::api {

void AsyncQueue::Start(std::function<void()> listen) {
  thread_ = std::thread([this, listen = std::move(listen)] {
    NameThisThread(thread_name_);
    Run(listen);
  });
}

void AsyncQueue::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  {
    std::lock_guard lock(open_mu_);
    open_ = false;
    queue_->Shutdown();
  }
  if (thread_.joinable()) {
    thread_.join();
    return;
  }
  // Never started: drain here.
  void* tag = nullptr;
  bool ok = false;
  while (queue_->Next(&tag, &ok)) {
  }
}

bool AsyncQueue::StartIfOpen(const std::function<void()>& start_op) {
  std::lock_guard lock(open_mu_);
  if (!open_) return false;
  start_op();
  return true;
}

void AsyncQueue::Run(const std::function<void()>& listen) {
  listen();
  void* tag = nullptr;
  bool ok = false;
  while (queue_->Next(&tag, &ok)) {
    auto* t = static_cast<AsyncTag*>(tag);
    if (t->call->Handle(t->op, ok)) {
      calls_.erase(t->call);
      delete t->call;
    }
  }
  // Drained: nothing of any call can arrive any more. What is left never started (its request
  // failed at shutdown, which delivers no done tag) or was cut off by the shutdown.
  for (auto* call : calls_) delete call;
  calls_.clear();
}

}  // namespace kmhub::api
