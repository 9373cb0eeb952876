#include "server/platform/db/fifo_lock.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

using namespace kmhub::store;
using namespace std::chrono_literals;

TEST_CASE("fifo lock: waiters get the lock in the order they asked, and one who gives up holds nobody up") {
  FifoLock lock;
  REQUIRE(lock.LockFor(1s));
  std::vector<int> order;
  std::mutex order_mu;
  std::vector<std::thread> waiters;
  std::atomic<bool> gave_up{false};
  // Waits, bounded, until `n` have asked for the lock: no sleep decides the order.
  auto until_arrivals = [&](std::uint64_t n) {
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (lock.Arrivals() < n && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
    REQUIRE(lock.Arrivals() >= n);
  };
  for (int i = 0; i < 4; ++i) {
    waiters.emplace_back([&, i] {
      if (i == 1) {
        CHECK_FALSE(lock.LockFor(50ms));  // gives up while the lock is still held
        gave_up = true;
        return;
      }
      REQUIRE(lock.LockFor(5s));
      {
        std::lock_guard g(order_mu);
        order.push_back(i);
      }
      lock.Unlock();
    });
    until_arrivals(static_cast<std::uint64_t>(i) + 2);  // the holder, then waiters 0…i, in that order
  }
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  while (!gave_up && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
  REQUIRE(gave_up);  // waiter 1 left the queue while the lock was held
  lock.Unlock();
  for (auto& w : waiters) w.join();
  CHECK(order == std::vector<int>{0, 2, 3});
  REQUIRE(lock.LockFor(10ms));  // free again
  lock.Unlock();
}
