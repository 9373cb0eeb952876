#pragma once
// Store-internal: copies SQLite's write-ahead log back into the database file from a thread of
// its own (PRAGMA wal_checkpoint(PASSIVE)), so that no request pays for it. Left to SQLite, the
// commit that fills the log to its limit does the copy and the fsync itself, and every writer
// queued behind it waits: with full-text indexing writing ~130 KiB of log a post, a 10,000-page
// limit every ~450 posts stalled posting for 40-90 ms (bench/). So the thread checkpoints every
// 5 ms while the log grows (each pass copies a few posts' pages, and the log starts over from
// its beginning as soon as a pass catches up) and every 200 ms when it does not. A passive
// checkpoint never blocks readers or writers. Commits still checkpoint by themselves past 50,000
// pages (~200 MB), should this thread fall behind.

#include <soci/soci.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace kmhub::store {

class WalCheckpointer {
 public:
  // `connect_string` as for the pool's SQLite sessions.
  explicit WalCheckpointer(const std::string& connect_string);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  void Run();
  soci::session session_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace kmhub::store
