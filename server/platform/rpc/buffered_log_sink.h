#pragma once
// A log sink that collects formatted lines in memory and has a thread of its own write them out
// in blocks.
//
// The server logs a line per RPC. With spdlog's async logger every line woke the logging thread
// and was written and flushed by itself (a wake-up and a write(2) per call): ~10 % of the server's
// CPU at full load, the status call's p99 4.4-5.0 ms instead of 3.8-4.2 (bench/, 16 calls). Here a
// handler formats its line into the block in memory; only a full block (64 KiB, ~600 lines) wakes
// the writer thread, so a handler never waits on the terminal or the log file unless the writer
// has fallen `max_pending_bytes` behind (then it waits, as the async logger's `block` policy did,
// rather than losing lines). A flush (every second and from warnings up, see main.cpp, and at
// exit) returns once everything logged before it has been written.

#include <spdlog/sinks/base_sink.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace kmhub::server {

class BufferedLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  static constexpr std::size_t kDefaultBlockBytes = 64 * 1024;
  static constexpr std::size_t kDefaultMaxPendingBytes = 8 * 1024 * 1024;

  // Writes to `out` (not owned; stdout in the server).
  explicit BufferedLogSink(std::FILE* out, std::size_t block_bytes = kDefaultBlockBytes,
                           std::size_t max_pending_bytes = kDefaultMaxPendingBytes);
  ~BufferedLogSink() override;

  BufferedLogSink(const BufferedLogSink&) = delete;
  BufferedLogSink& operator=(const BufferedLogSink&) = delete;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  // Moves the block to the writer's queue; with `wait_written`, returns once it is written.
  // Called with base_sink's mutex held, which keeps blocks in the order their lines were logged.
  void HandOver(bool wait_written);
  void WriteLoop();

  std::FILE* out_;
  const std::size_t block_bytes_;
  const std::size_t max_pending_bytes_;
  spdlog::memory_buf_t block_;  // guarded by base_sink's mutex_

  std::mutex queue_mutex_;  // taken after mutex_, never before it
  std::condition_variable queue_changed_;
  std::vector<char> queued_;
  std::uint64_t blocks_queued_ = 0;
  std::uint64_t blocks_written_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace kmhub::server
