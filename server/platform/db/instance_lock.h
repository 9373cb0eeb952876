#pragma once
// One kmhub-server per SQLite database file. SQLite would let a second server open the file and
// keep it sound, but each server queues its writers, checkpoints the log and tells its forum
// watchers of new posts on its own, and neither would see the other's: the second would stall
// the first's writes behind SQLite's busy handler and its watchers would miss posts. Several
// servers over one database need PostgreSQL (README, Scaling out).
//
// The claim is an flock() on a file of its own beside the database, "<database>.server-lock",
// never on the database's own files: a descriptor of those opened and closed beside SQLite
// would drop SQLite's locks (sqlite.org, "How To Corrupt An SQLite Database File", 2.2). The
// kernel releases the claim when the process ends, however it ends; the empty file stays.

#include <string>

#include "shared/error.h"

namespace kmhub::server {

class InstanceLock {
 public:
  // FAILED_PRECONDITION, naming the file, when another server holds it.
  static Expected<InstanceLock> Claim(const std::string& database_path);
  InstanceLock(InstanceLock&& other) noexcept;
  InstanceLock& operator=(InstanceLock&&) = delete;
  InstanceLock(const InstanceLock&) = delete;
  ~InstanceLock();

 private:
  explicit InstanceLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// "sqlite:PATH" -> PATH; empty for any other URL.
std::string SqlitePathOf(const std::string& database_url);

}  // namespace kmhub::server
