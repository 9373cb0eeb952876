// SQLite only: the write-ahead log's frames, written through the VFS that joins each frame's
// header and page into one write.
#include "server/store/log_frame_vfs.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;
using namespace sqlite_api;

namespace {

// A connection as the store opens them, but with nothing copying the log back: what is written
// stays in the log file.
void OpenLogOnly(soci::session& s, const std::string& path) {
  s.open(*soci::factory_sqlite3(), "db=" + path);
  std::string mode;
  s << "PRAGMA journal_mode = WAL", soci::into(mode);
  s << "PRAGMA wal_autocheckpoint = 0";
}

long long CountRows(soci::session& s) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM notes", soci::into(n);
  return n;
}

// A file opened through the VFS as SQLite opens a log file.
struct LogFileUnderTest {
  explicit LogFileUnderTest(const std::string& path) : vfs(sqlite3_vfs_find("kmhub-log-frames")) {
    REQUIRE(vfs);
    const auto words = (static_cast<std::size_t>(vfs->szOsFile) + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t);
    storage.resize(words);  // aligned as SQLite's own allocation of a file would be
    file = reinterpret_cast<sqlite3_file*>(storage.data());
    // xOpen's name must outlive the file and end in two NULs (a URI's parameters follow it).
    name = path + std::string(2, '\0');
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_WAL;
    REQUIRE(vfs->xOpen(vfs, name.c_str(), file, flags, nullptr) == SQLITE_OK);
  }
  ~LogFileUnderTest() { file->pMethods->xClose(file); }
  int Write(const std::string& bytes, sqlite3_int64 at) {
    return file->pMethods->xWrite(file, bytes.data(), static_cast<int>(bytes.size()), at);
  }
  sqlite3_int64 Size() {
    sqlite3_int64 size = -1;
    REQUIRE(file->pMethods->xFileSize(file, &size) == SQLITE_OK);
    return size;
  }
  std::string Read(int bytes, sqlite3_int64 at) {
    std::string out(static_cast<std::size_t>(bytes), '\0');
    REQUIRE(file->pMethods->xRead(file, out.data(), bytes, at) == SQLITE_OK);
    return out;
  }
  sqlite3_vfs* vfs;
  std::vector<std::max_align_t> storage;
  std::string name;
  sqlite3_file* file = nullptr;
};

}  // namespace

TEST_CASE("log frames: each frame's header and page go to the log in one write, and read back whole") {
  REQUIRE(store::InstallLogFrameVfs());
  TempDir dir;
  const std::string path = dir.path() + "/frames.db";
  const auto before = store::LogFramesCoalesced();
  {
    soci::session writer, reader;
    OpenLogOnly(writer, path);
    writer << "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
    for (int i = 0; i < 200; ++i) {
      const std::string body = "note " + std::to_string(i) + std::string(static_cast<std::size_t>(i * 7), 'x');
      writer << "INSERT INTO notes (body) VALUES (:b)", soci::use(body);
    }
    OpenLogOnly(reader, path);
    CHECK(CountRows(reader) == 200);  // another connection reads the frames from the log file

    // Every frame in the log had its header joined to its page: frames = (size - 32-byte log
    // header) / (24-byte frame header + page).
    long long page_size = 0;
    writer << "PRAGMA page_size", soci::into(page_size);
    const auto log_bytes = static_cast<long long>(std::filesystem::file_size(path + "-wal"));
    const long long frames = (log_bytes - 32) / (24 + page_size);
    CHECK(frames >= 200);  // a commit a row, each writing at least the table's page
    CHECK(store::LogFramesCoalesced() - before == frames);

    // A copy taken now, while the log holds everything, is what a crash would leave behind.
    std::filesystem::copy_file(path, dir.path() + "/crashed.db");
    std::filesystem::copy_file(path + "-wal", dir.path() + "/crashed.db-wal");
  }
  // Opening the copy recovers from the log alone, which checks every frame's checksum: a frame
  // whose header and page had been written apart, or out of place, would end the log there.
  soci::session recovered;
  recovered.open(*soci::factory_sqlite3(), "db=" + dir.path() + "/crashed.db");
  CHECK(CountRows(recovered) == 200);
  std::string integrity;
  recovered << "PRAGMA integrity_check", soci::into(integrity);
  CHECK(integrity == "ok");
  std::string last;
  recovered << "SELECT body FROM notes WHERE id = 200", soci::into(last);
  CHECK(last == "note 199" + std::string(199 * 7, 'x'));
}

TEST_CASE("log frames: a held header reaches the file before anything else looks at it") {
  REQUIRE(store::InstallLogFrameVfs());
  TempDir dir;
  { std::ofstream database(dir.path() + "/held.db"); }  // SQLite gives a log its database's mode
  LogFileUnderTest log(dir.path() + "/held.db-wal");
  const std::string header(24, 'h'), page(512, 'p'), other(100, 'o');

  // Held: not yet in the file, but a size query writes it first.
  REQUIRE(log.Write(header, 0) == SQLITE_OK);
  CHECK(log.Size() == 24);

  // A header and the page right after it: one write, both in place.
  const auto before = store::LogFramesCoalesced();
  REQUIRE(log.Write(header, 24) == SQLITE_OK);
  REQUIRE(log.Write(page, 48) == SQLITE_OK);
  CHECK(store::LogFramesCoalesced() - before == 1);
  CHECK(log.Read(24, 24) == header);
  CHECK(log.Read(512, 48) == page);

  // A write elsewhere writes the held header first, then itself.
  REQUIRE(log.Write(header, 560) == SQLITE_OK);
  REQUIRE(log.Write(other, 1000) == SQLITE_OK);
  CHECK(store::LogFramesCoalesced() - before == 1);
  CHECK(log.Read(24, 560) == header);
  CHECK(log.Read(100, 1000) == other);

  // A read writes it too.
  REQUIRE(log.Write(header, 2000) == SQLITE_OK);
  CHECK(log.Read(24, 2000) == header);
}
