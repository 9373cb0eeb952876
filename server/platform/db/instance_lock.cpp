#include "server/platform/db/instance_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "server/platform/db/database.h"

namespace kmhub::server {

std::string SqlitePathOf(const std::string& database_url) {
  const auto parsed = store::ParseDatabaseUrl(database_url);
  return parsed ? parsed->sqlite_path : "";
}

Expected<InstanceLock> InstanceLock::Claim(const std::string& database_path) {
  const std::string lock_path = database_path + ".server-lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return Unavailable("INSTANCE_LOCK_UNAVAILABLE", "cannot create " + lock_path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK)
      return FailedPrecondition("DATABASE_IN_USE",
                                "another kmhub-server is serving " + database_path + " (it holds " + lock_path +
                                    "). A SQLite database has one server; stop that one first, or run several "
                                    "servers on PostgreSQL. The admin subcommands (token create, backup, check) "
                                    "work beside a running server.");
    return Unavailable("INSTANCE_LOCK_UNAVAILABLE", "cannot lock " + lock_path + ": " + std::strerror(error));
  }
  return InstanceLock(fd);
}

InstanceLock::InstanceLock(InstanceLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

InstanceLock::~InstanceLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace kmhub::server
