#pragma once
// Store-internal: copies SQLite's write-ahead log back into the database file from a thread of
// its own (PRAGMA wal_checkpoint(PASSIVE) every 200 ms), so that no request pays for it. Left
// to SQLite, the commit that fills the log to 1,000 pages does the copy and the fsync itself:
// with full-text indexing writing ~50 KiB a post, that was one post in a hundred taking 20 ms.
// A passive checkpoint never blocks readers or writers. Commits still checkpoint by themselves
// past 10,000 pages, should this thread fall behind.

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
