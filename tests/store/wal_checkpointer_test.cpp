// SQLite only: the write-ahead log and its checkpointer exist only there (PostgreSQL has its own).
#include "server/store/wal_checkpointer.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "server/store/session.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

// Writes small transactions while three threads read without pause, as a busy server's pooled
// connections do: `warm_up` of them, then `transactions` more. How many pages the log file grew
// by during the latter (its file is reused from the start, not shrunk, when the log starts over).
std::uintmax_t LogGrowthUnderLoad(int restart_pages, int warm_up, int transactions) {
  TempDir dir;
  const std::string path = dir.path() + "/wal.db";
  store::DatabaseOptions options;
  options.url = "sqlite:" + path;
  options.pool_size = 6;
  options.sqlite_wal_restart_pages = restart_pages;
  auto db = store::Database::Open(options);
  REQUIRE(db);
  auto made = store::WithSession(**db, "test", [](soci::session& s) -> Expected<bool> {
    s << "CREATE TABLE wal_test (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
    return true;
  });
  REQUIRE(made);
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&] {
      while (!stop)
        (void)store::WithSession(**db, "test", [](soci::session& s) -> Expected<long long> {
          long long n = 0;  // a point read, as most of a server's are
          s << "SELECT COUNT(*) FROM wal_test WHERE id = 1", soci::into(n);
          return n;
        });
    });
  const std::string body(3000, 'x');  // about a page a row
  const auto log_pages = [&] { return std::filesystem::file_size(path + "-wal") / 4096; };
  std::uintmax_t before = 0;
  for (int i = 0; i < warm_up + transactions; ++i) {
    if (i == warm_up) before = log_pages();
    auto written = store::InTransaction(**db, "test", [&](soci::session& s) -> Expected<bool> {
      s << "INSERT INTO wal_test (body) VALUES (:b)", soci::use(body);
      return true;
    });
    REQUIRE(written);
  }
  stop = true;
  for (auto& t : readers) t.join();
  return log_pages() - before;
}

}  // namespace

TEST_CASE("WAL checkpointer: the log starts over past its limit though readers never pause") {
  // Each transaction writes a row's page and the table's root: the 5,000 after the warm-up write
  // some 10,000 pages of log. Left to SQLite (a limit it never reaches), the log did not start
  // over while the readers read, and the file grew by 15,365 pages in every run; restarted past
  // 512 pages it grew by 0-2,800 (a reader descheduled in the middle of its read holds a restart
  // up, which then waits 5 ms at most and backs off for 100).
  const auto growth = LogGrowthUnderLoad(512, 2000, 5000);
  INFO("the log file grew by " << growth << " pages");
  CHECK(growth < 7500);
}
