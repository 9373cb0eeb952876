#pragma once
// Store-internal: copies SQLite's write-ahead log back into the database file from a thread of
// its own (PRAGMA wal_checkpoint(PASSIVE)), so that no request pays for it. Left to SQLite, the
// commit that fills the log to its limit does the copy and the fsync itself, and every writer
// queued behind it waits (posting stalled for tens of ms at a time). So the thread checkpoints every
// 100 ms while the log grows and every 200 ms when it does not. A passive checkpoint never blocks
// readers or writers. Not more often: a pass copies each page once however many commits rewrote
// it since the last, and hot pages (B-tree tails, a busy thread's row) are rewritten by nearly
// every commit, so frequent passes copy the same pages again and again. The measurements behind
// both intervals are in bench/README.md ("The SQLite engine's settings").
//
// Copying the log back is not enough to keep it short: SQLite starts the log over only when a write
// begins with every page copied back and no reader still reading from the log, and with sixteen
// connections reading all the time that moment hardly ever came. The log grew to the 50,000-page
// limit it then had (~200 MB) in a second and a half of posting, and from then on every commit
// checkpointed and fsynced by itself, stalling every post. So once the
// log passes `restart_pages` (DatabaseOptions::sqlite_wal_restart_pages), the thread takes the
// process's writer lock (writers queue behind it in order, as behind any writer), copies the last
// pages back and waits, briefly, until the readers that began before that are done; the next write
// then starts the log over. Readers that begin meanwhile read the database file and do not hold it
// up. The pass under the lock fsyncs, which holds the writers: hence only every `restart_pages`.
// Every call in flight waits out that hold, so how often it comes decides much of posting's p99
// (bench/README.md, "The log starts over every 160,000 pages"). A log that large exists only
// under sustained writing: under lighter load SQLite starts it over by itself long before.
//
// The checkpointer works only through SQLite's own interface (PRAGMA wal_checkpoint on a
// connection of its own). It once fdatasync()ed the files ahead of the restart through
// descriptors of its own: closing any descriptor of a file drops every POSIX lock the process
// holds on it, SQLite's included, and another process opening and closing the database (the
// `token create` subcommand, the sqlite3 shell) then took itself for the last user and deleted
// the log under the live server (tests/torture). Never open the database's files beside SQLite.

#include <soci/soci.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "server/platform/db/database.h"
#include "server/platform/db/fifo_lock.h"

namespace kmhub::store {

class WalCheckpointer {
 public:
  // `connect_string` as for the pool's SQLite sessions; `writers`, the lock their writes queue
  // on; past `restart_pages` of log, the log is made to start over.
  WalCheckpointer(const std::string& connect_string, FifoLock& writers, int restart_pages);

  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Counts so far; each read on its own, so a sum across them may be a pass out of date.
  SqliteLogStats stats() const;

 private:
  void Run();
  // PRAGMA wal_checkpoint(`mode`), a constant ("PASSIVE", "RESTART"): whether a reader or writer
  // kept it from finishing, and the log's length in pages. Throws what SOCI throws.
  struct Pass {
    bool busy = false;
    int log_frames = 0;
  };
  Pass Checkpoint(const char* mode);
  // Holds the writers back until the log can start over (or a few milliseconds have passed).
  enum Restart { kDone, kReaderHeld, kWriterHeld, kFailed, kOutcomes };
  Restart RestartLog();
  FifoLock& writers_;
  const int restart_pages_;
  soci::session session_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::atomic<long long> log_pages_{0};
  std::array<std::atomic<long long>, kOutcomes> restart_outcomes_{};
  std::thread thread_;
};

}  // namespace kmhub::store
