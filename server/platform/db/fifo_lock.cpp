#include "server/platform/db/fifo_lock.h"

namespace kmhub::store {

bool FifoLock::LockFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  const std::uint64_t ticket = next_ticket_++;
  if (turn_.wait_for(lock, timeout, [&] { return serving_ == ticket; })) return true;
  abandoned_.insert(ticket);  // skipped when its turn comes
  return false;
}

void FifoLock::Unlock() {
  {
    std::lock_guard lock(mu_);
    ++serving_;
    while (!abandoned_.empty() && *abandoned_.begin() == serving_) {
      abandoned_.erase(abandoned_.begin());
      ++serving_;
    }
  }
  turn_.notify_all();
}

std::uint64_t FifoLock::Arrivals() {
  std::lock_guard lock(mu_);
  return next_ticket_;
}

}  // namespace kmhub::store
