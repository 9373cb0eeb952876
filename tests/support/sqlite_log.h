#pragma once
// Reading a SQLite write-ahead log's header from tests.

#include <cstdint>
#include <string>

namespace kmhub::testing {

// The log header's two salts (bytes 16-23), which SQLite draws anew each time the log starts
// over, when the first write after the restart rewrites the header. (Not its checkpoint
// sequence number, bytes 12-15: each connection counts its own restarts there.) Read while
// another process writes, a torn read can miscount a restart: count on it, never assert exactly.
std::uint64_t LogSalts(const std::string& log_path);

}  // namespace kmhub::testing
