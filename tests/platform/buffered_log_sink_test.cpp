#include "server/platform/rpc/buffered_log_sink.h"

#include <catch2/catch.hpp>
#include <spdlog/logger.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

using kmhub::server::BufferedLogSink;
using namespace std::chrono_literals;

namespace {

// A log file in the temporary directory, read back as the server's operator would.
class LogFile {
 public:
  LogFile() : path_("/tmp/kmhub-log-sink-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++)) {
    file_ = std::fopen(path_.c_str(), "w");
    REQUIRE(file_ != nullptr);
  }
  ~LogFile() {
    std::fclose(file_);
    std::remove(path_.c_str());
  }
  std::FILE* file() const { return file_; }
  std::vector<std::string> Lines() const {
    std::ifstream in(path_);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

 private:
  static inline int counter_ = 0;
  std::string path_;
  std::FILE* file_;
};

std::shared_ptr<spdlog::logger> LoggerOn(std::shared_ptr<BufferedLogSink> sink) {
  auto logger = std::make_shared<spdlog::logger>("test", std::move(sink));
  logger->set_pattern("%v");
  return logger;
}

}  // namespace

TEST_CASE("buffered log sink: lines wait in memory until a flush, which writes them all in order") {
  LogFile log;
  auto logger = LoggerOn(std::make_shared<BufferedLogSink>(log.file()));
  logger->info("first");
  logger->info("second {}", 2);
  std::this_thread::sleep_for(50ms);
  CHECK(log.Lines().empty());  // no write(2) per line
  logger->flush();
  CHECK(log.Lines() == std::vector<std::string>{"first", "second 2"});
  logger->info("third");
  logger->flush();
  CHECK(log.Lines() == std::vector<std::string>{"first", "second 2", "third"});
}

TEST_CASE("buffered log sink: a full block is written without a flush") {
  LogFile log;
  auto logger = LoggerOn(std::make_shared<BufferedLogSink>(log.file(), 1024));
  for (int i = 0; i < 200; ++i) logger->info("line {:04d} of a block that fills up", i);
  // The writer thread writes the full blocks on its own; the last part stays in memory.
  std::size_t seen = 0;
  for (int tries = 0; tries < 500 && seen == 0; ++tries, std::this_thread::sleep_for(10ms))
    seen = log.Lines().size();
  CHECK(seen > 0);
  CHECK(seen < 200);
  logger->flush();
  const auto lines = log.Lines();
  REQUIRE(lines.size() == 200);
  CHECK(lines.front() == "line 0000 of a block that fills up");
  CHECK(lines.back() == "line 0199 of a block that fills up");
}

TEST_CASE("buffered log sink: lines from many threads are written whole, once each, and at exit") {
  LogFile log;
  {
    // A small block and a small bound on what may wait, so that loggers also wait for the writer.
    auto logger = LoggerOn(std::make_shared<BufferedLogSink>(log.file(), 512, 2048));
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&logger, t] {
        for (int i = 0; i < 1000; ++i) logger->info("thread {} line {}", t, i);
      });
    for (auto& thread : threads) thread.join();
  }  // the sink's destructor writes what is left
  const auto lines = log.Lines();
  CHECK(lines.size() == 8000);
  const std::set<std::string> distinct(lines.begin(), lines.end());
  CHECK(distinct.size() == 8000);
  CHECK(distinct.count("thread 7 line 999") == 1);
  // Each thread's lines keep their order.
  int last_of_thread_3 = -1;
  bool in_order = true;
  for (const auto& line : lines) {
    int t = 0, i = 0;
    REQUIRE(std::sscanf(line.c_str(), "thread %d line %d", &t, &i) == 2);
    if (t != 3) continue;
    in_order = in_order && i == last_of_thread_3 + 1;
    last_of_thread_3 = i;
  }
  CHECK(in_order);
}
