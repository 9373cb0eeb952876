#pragma once
// Store-internal: a lock handed to waiters in the order they asked for it. SQLite's writers of
// this process queue on one, so that a writer is never overtaken by later ones (a plain mutex
// lets a newly arrived thread take it before those already waiting). In bench/ it left the
// 16-concurrent posting figures where they were: their tail is not in the queue's order. A
// waiter that gives up (timeout) leaves the queue without holding up the others.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>

namespace kmhub::store {

class FifoLock {
 public:
  // True when the lock is now held; false after `timeout` (and then it is not).
  bool LockFor(std::chrono::milliseconds timeout);
  void Unlock();
  // How many have asked for the lock so far (each LockFor call takes a place on arrival): lets a
  // test wait until a thread is queued instead of sleeping and hoping.
  std::uint64_t Arrivals();

 private:
  std::mutex mu_;
  std::condition_variable turn_;
  std::uint64_t next_ticket_ = 0;  // the next arrival's place
  std::uint64_t serving_ = 0;      // the place whose turn it is
  std::set<std::uint64_t> abandoned_;
};

}  // namespace kmhub::store
