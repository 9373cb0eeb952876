#include "server/platform/rpc/buffered_log_sink.h"

#include "shared/thread_name.h"

namespace kmhub::server {

BufferedLogSink::BufferedLogSink(std::FILE* out, std::size_t block_bytes, std::size_t max_pending_bytes)
    : out_(out), block_bytes_(block_bytes), max_pending_bytes_(max_pending_bytes) {
  block_.reserve(block_bytes_ + 1024);
  writer_ = std::thread([this] { WriteLoop(); });
}

BufferedLogSink::~BufferedLogSink() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    HandOver(true);
  }
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    stopping_ = true;
  }
  queue_changed_.notify_all();
  writer_.join();
}

void BufferedLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  formatter_->format(msg, block_);
  if (block_.size() >= block_bytes_) HandOver(false);
}

void BufferedLogSink::flush_() { HandOver(true); }

void BufferedLogSink::HandOver(bool wait_written) {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  if (block_.size() > 0) {
    queue_changed_.wait(lock, [this] { return queued_.size() < max_pending_bytes_; });
    queued_.insert(queued_.end(), block_.data(), block_.data() + block_.size());
    block_.clear();
    ++blocks_queued_;
    queue_changed_.notify_all();
  }
  if (wait_written) {
    const std::uint64_t target = blocks_queued_;
    queue_changed_.wait(lock, [this, target] { return blocks_written_ >= target; });
  }
}

void BufferedLogSink::WriteLoop() {
  NameThisThread("kmhub-log");
  std::vector<char> writing;
  std::unique_lock<std::mutex> lock(queue_mutex_);
  for (;;) {
    queue_changed_.wait(lock, [this] { return !queued_.empty() || stopping_; });
    if (queued_.empty()) return;  // stopping, and everything is written
    writing.swap(queued_);
    const std::uint64_t written_now = blocks_queued_;
    lock.unlock();
    queue_changed_.notify_all();  // room for more while this is written
    // A short write (a full disk, a closed pipe) loses the block rather than the server: there
    // is nowhere left to report it.
    std::fwrite(writing.data(), 1, writing.size(), out_);
    std::fflush(out_);
    writing.clear();
    lock.lock();
    blocks_written_ = written_now;
    queue_changed_.notify_all();
  }
}

}  // namespace kmhub::server
