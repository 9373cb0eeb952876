#include "server/platform/db/sqlite/wal_checkpointer.h"

#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <optional>

#include "shared/thread_name.h"

namespace kmhub::store {

namespace {

// How long writers may be held back while the readers finish; most take well under a millisecond.
constexpr auto kRestartWait = std::chrono::milliseconds(5);
constexpr auto kRestartPoll = std::chrono::microseconds(100);
// After a try that found a reader still in the log (a long export, say), the writers are left
// alone this long rather than tried again at the next pass.
constexpr auto kRestartBackoff = std::chrono::milliseconds(100);

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

SqliteLogStats WalCheckpointer::stats() const {
  return {log_pages_.load(), restart_outcomes_[kDone].load(), restart_outcomes_[kReaderHeld].load(),
          restart_outcomes_[kWriterHeld].load(), restart_outcomes_[kFailed].load()};
}

void WalCheckpointer::Run() {
  constexpr auto kBusy = std::chrono::milliseconds(100), kIdle = std::chrono::milliseconds(200);
  auto interval = kIdle;
  int last_log_frames = 0;
  auto next_restart_try = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval, [this] { return stop_; })) {
    lock.unlock();
    try {
      const auto [busy, log_frames] = Checkpoint("PASSIVE");
      // The log grew (or restarted) since the last pass: someone is writing.
      interval = log_frames != last_log_frames ? kBusy : kIdle;
      last_log_frames = log_frames;
      log_pages_ = log_frames;
      const auto now = std::chrono::steady_clock::now();
      if (!busy && log_frames >= restart_pages_ && now >= next_restart_try) {
        const Restart outcome = RestartLog();
        ++restart_outcomes_[outcome];
        if (outcome != kDone) next_restart_try = now + kRestartBackoff;
      }
    } catch (const std::exception&) {
      // A checkpoint that could not run now runs at the next tick (or in a commit, past the limit).
      interval = kIdle;
    }
    lock.lock();
  }
}

WalCheckpointer::Pass WalCheckpointer::Checkpoint(const char* mode) {
  int busy = 0, log_frames = 0, checkpointed = 0;
  std::string sql = "PRAGMA wal_checkpoint(";
  sql.append(mode).append(")");
  session_ << sql, soci::into(busy), soci::into(log_frames), soci::into(checkpointed);
  return {busy != 0, log_frames};
}

WalCheckpointer::Restart WalCheckpointer::RestartLog() {
  // Copies what was written since the last pass with nobody held back, so that the pass under the
  // lock has little left to copy.
  try {
    Checkpoint("PASSIVE");
  } catch (const std::exception&) {
    // Copied under the lock, then.
  }
  if (!writers_.LockFor(kRestartWait)) return kWriterHeld;  // a long write is under way
  Restart outcome = kFailed;
  try {
    // With the writers held back, RESTART copies the last pages (and fsyncs), then reports busy
    // (1) as long as a reader is still reading from the log: those are waited for a little.
    std::optional<std::chrono::steady_clock::time_point> give_up;
    for (;;) {
      const bool restarted = !Checkpoint("RESTART").busy;
      outcome = restarted ? kDone : kReaderHeld;
      const auto now = std::chrono::steady_clock::now();
      if (!give_up) give_up = now + kRestartWait;
      if (restarted || now >= *give_up) break;
      std::this_thread::sleep_for(kRestartPoll);
    }
  } catch (const std::exception&) {
    outcome = kFailed;  // tried again after the backoff
  }
  writers_.Unlock();
  return outcome;
}

}  // namespace kmhub::store
