// The write-ahead log's checkpointer exists only on SQLite (PostgreSQL checkpoints by itself).
#include "server/platform/db/sqlite/wal_checkpointer.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <soci/sqlite3/soci-sqlite3.h>

#include "server/platform/db/session.h"
#include "tests/support/sqlite_log.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

// Polls `done` every 10 ms for up to ten seconds (the checkpointer's passes are 100-200 ms apart).
template <typename Done>
bool Eventually(Done done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// A SQLite database of its own (the log's file is read directly) whose log is made to start over
// past `restart_pages`, with one table of about a page a row.
class LogDatabase {
 public:
  LogDatabase(int restart_pages, std::size_t pool_size) {
    store::DatabaseOptions options;
    options.url = "sqlite:" + path();
    options.pool_size = pool_size;
    options.sqlite_wal_restart_pages = restart_pages;
    auto opened = store::Database::Open(options);
    REQUIRE(opened);
    db_ = *opened;
    REQUIRE(store::WithSession(*db_, "test", [](soci::session& s) -> Expected<bool> {
      s << "CREATE TABLE wal_test (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
      return true;
    }));
  }
  std::string path() const { return dir_.path() + "/wal.db"; }
  std::string log_path() const { return path() + "-wal"; }
  store::Database& db() { return *db_; }
  store::SqliteLogStats stats() const { return *db_->sqlite_log_stats(); }
  // `rows` rows in one transaction.
  void Write(int rows = 1) {
    auto written = store::InTransaction(*db_, "test", [&](soci::session& s) -> Expected<bool> {
      for (int i = 0; i < rows; ++i) s << "INSERT INTO wal_test (body) VALUES (:b)", soci::use(body_);
      return true;
    });
    REQUIRE(written);
  }

 private:
  TempDir dir_;
  std::shared_ptr<store::Database> db_;
  const std::string body_ = std::string(3000, 'x');
};

struct LogUnderLoad {
  int restarts = 0;  // seen in the log's header
  int transactions = 0;
  store::SqliteLogStats stats;  // as the checkpointer counted them
};

// Writes small transactions while three threads read without pause, as a busy server's pooled
// connections do: `warm_up` of them, then more until the log has started over `wanted_restarts`
// times or `max_transactions` have been written. Counted in transactions rather than seconds, so
// that a slow machine slows the writer and the checkpointer alike.
LogUnderLoad WriteUnderReaders(int restart_pages, int warm_up, int wanted_restarts, int max_transactions) {
  LogDatabase log(restart_pages, 6);
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&] {
      while (!stop)
        (void)store::WithSession(log.db(), "test", [](soci::session& s) -> Expected<long long> {
          long long n = 0;  // a point read, as most of a server's are
          s << "SELECT COUNT(*) FROM wal_test WHERE id = 1", soci::into(n);
          return n;
        });
    });
  for (int i = 0; i < warm_up; ++i) log.Write();
  // A write starts the log over at most once, so each change seen after one is one restart.
  std::uint64_t salts = LogSalts(log.log_path());
  LogUnderLoad result;
  while (result.restarts < wanted_restarts && result.transactions < max_transactions) {
    log.Write();
    ++result.transactions;
    const std::uint64_t now = LogSalts(log.log_path());
    if (now != salts) ++result.restarts;
    salts = now;
  }
  stop = true;
  for (auto& t : readers) t.join();
  result.stats = log.stats();
  return result;
}

}  // namespace

TEST_CASE("WAL checkpointer: the log starts over past its limit though readers never pause") {
  // Each transaction writes about three pages of log (a row's page, the table's root, ...). Left to
  // SQLite, the log did not start over while the readers read: the file grew by every page written
  // (15,365 in 5,000 transactions) in every run. Restarted past 512 pages, it started over three
  // times in 2,200-6,000 transactions, and in 3,400-13,400 with four busy loops beside the test on
  // two cores: a reader descheduled in the middle of its read holds a restart up, and the next try
  // comes 100 ms later. 50,000 transactions (~155,000 pages) stay under the pool's own
  // checkpoint limit (200,000 pages), past which SQLite might start the log over by itself.
  const auto load = WriteUnderReaders(512, 2000, 3, 50000);
  INFO("the log started over " << load.restarts << " times in " << load.transactions << " transactions");
  CHECK(load.restarts >= 3);
  INFO("tries held by a reader " << load.stats.reader_held << ", by a writer " << load.stats.writer_held);
  CHECK(load.stats.failed == 0);
  CHECK(load.stats.log_pages > 0);
}

TEST_CASE("WAL checkpointer: its counts are there for SQLite only, and none before a log needs them") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase t(backend);
  const auto stats = t.db()->sqlite_log_stats();
  CHECK(stats.has_value() == (backend == Backend::kSqlite));
  if (!stats) return;
  CHECK(stats->restarts == 0);  // the log is far below the 160,000 pages that call for a restart
  CHECK(stats->reader_held + stats->writer_held + stats->failed == 0);
}

TEST_CASE("WAL checkpointer: a reader that stays in the log holds its restart up, counted, until it leaves") {
  LogDatabase log(64, 2);
  log.Write();
  // A report or export reading in one transaction, on a connection of its own: while it reads,
  // the checkpointer may copy nothing written after it began, so the log cannot start over.
  soci::session reader(soci::sqlite3, "db=" + log.path());
  long long rows = 0;
  reader << "BEGIN";
  reader << "SELECT COUNT(*) FROM wal_test", soci::into(rows);
  log.Write(100);  // ~200 pages of log, past the 64 that call for a restart
  const std::uint64_t salts = LogSalts(log.log_path());
  REQUIRE(Eventually([&] { return log.stats().reader_held >= 2; }));  // tried, backed off, tried
  CHECK(log.stats().restarts == 0);
  CHECK(log.stats().log_pages >= 64);
  log.Write();
  CHECK(LogSalts(log.log_path()) == salts);  // the log went on growing

  reader << "COMMIT";
  REQUIRE(Eventually([&] { return log.stats().restarts >= 1; }));
  log.Write();
  CHECK(LogSalts(log.log_path()) != salts);  // the next write started the log over
  CHECK(log.stats().failed == 0);
}
