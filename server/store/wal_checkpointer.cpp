#include "server/store/wal_checkpointer.h"

#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>

#include "shared/thread_name.h"

namespace kmhub::store {

WalCheckpointer::WalCheckpointer(const std::string& connect_string) {
  session_.open(*soci::factory_sqlite3(), connect_string);
  session_ << "PRAGMA busy_timeout = 1000";
  thread_ = std::thread([this] {
    NameThisThread("kmhub-wal");
    Run();
  });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void WalCheckpointer::Run() {
  constexpr auto kBusy = std::chrono::milliseconds(5), kIdle = std::chrono::milliseconds(200);
  auto interval = kIdle;
  int last_log_frames = 0;
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval, [this] { return stop_; })) {
    lock.unlock();
    try {
      int busy = 0, log_frames = 0, checkpointed = 0;
      session_ << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(log_frames), soci::into(checkpointed);
      // The log grew (or restarted) since the last pass: someone is writing.
      interval = log_frames != last_log_frames ? kBusy : kIdle;
      last_log_frames = log_frames;
    } catch (const std::exception&) {
      // A checkpoint that could not run now runs at the next tick (or in a commit, past the limit).
      interval = kIdle;
    }
    lock.lock();
  }
}

}  // namespace kmhub::store
