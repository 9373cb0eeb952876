#include "server/store/wal_checkpointer.h"

#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>

#include "shared/thread_name.h"

namespace kmhub::store {

namespace {

// How long writers may be held back while the readers finish; most take well under a millisecond.
constexpr auto kRestartWait = std::chrono::milliseconds(5);
constexpr auto kRestartPoll = std::chrono::microseconds(100);

}  // namespace

WalCheckpointer::WalCheckpointer(const std::string& connect_string, FifoLock& writers, int restart_pages)
    : writers_(writers), restart_pages_(restart_pages) {
  session_.open(*soci::factory_sqlite3(), connect_string);
  // Never wait in SQLite's busy handler, which sleeps whole milliseconds: a checkpoint that finds
  // the log in use is tried again at the next tick, and RestartLog polls by itself.
  session_ << "PRAGMA busy_timeout = 0";
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
      if (busy == 0 && log_frames >= restart_pages_) RestartLog();
    } catch (const std::exception&) {
      // A checkpoint that could not run now runs at the next tick (or in a commit, past the limit).
      interval = kIdle;
    }
    lock.lock();
  }
}

void WalCheckpointer::RestartLog() {
  if (!writers_.LockFor(kRestartWait)) return;  // a long write is under way: next time
  const auto give_up = std::chrono::steady_clock::now() + kRestartWait;
  try {
    for (;;) {
      // With the writers held back, RESTART copies the last pages and then reports busy (1) as
      // long as a reader is still reading from the log.
      int busy = 0, log_frames = 0, checkpointed = 0;
      session_ << "PRAGMA wal_checkpoint(RESTART)", soci::into(busy), soci::into(log_frames), soci::into(checkpointed);
      if (busy == 0 || std::chrono::steady_clock::now() >= give_up) break;
      std::this_thread::sleep_for(kRestartPoll);
    }
  } catch (const std::exception&) {
    // Tried again when the log next passes the limit.
  }
  writers_.Unlock();
}

}  // namespace kmhub::store
