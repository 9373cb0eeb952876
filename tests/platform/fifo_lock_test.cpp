#include "server/platform/db/fifo_lock.h"

#include <catch2/catch.hpp>

#include <atomic>
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
  std::atomic<int> asked{0};
  for (int i = 0; i < 4; ++i) {
    // Each waiter asks only after the previous one did, so the order of asking is known.
    while (asked != i) std::this_thread::yield();
    waiters.emplace_back([&, i] {
      ++asked;
      if (i == 1) {
        CHECK_FALSE(lock.LockFor(50ms));  // gives up while the lock is still held
        return;
      }
      REQUIRE(lock.LockFor(5s));
      {
        std::lock_guard g(order_mu);
        order.push_back(i);
      }
      lock.Unlock();
    });
    std::this_thread::sleep_for(10ms);  // let it reach its wait
  }
  std::this_thread::sleep_for(100ms);  // waiter 1 has given up by now
  lock.Unlock();
  for (auto& w : waiters) w.join();
  CHECK(order == std::vector<int>{0, 2, 3});
  REQUIRE(lock.LockFor(10ms));  // free again
  lock.Unlock();
}
