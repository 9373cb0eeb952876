// SQLite only: the write-ahead log's frames, written through the VFS that gathers a
// transaction's frames into one write.
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

long long CountRows(soci::session& s) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM notes", soci::into(n);
  return n;
}

// A connection as the store opens them, but with nothing copying the log back: what is written
// stays in the log file.
void OpenLogOnly(soci::session& s, const std::string& path) {
  s.open(*soci::factory_sqlite3(), "db=" + path);
  std::string mode;
  s << "PRAGMA journal_mode = WAL", soci::into(mode);
  s << "PRAGMA synchronous = NORMAL";  // as the store's: no sync at a commit
  s << "PRAGMA wal_autocheckpoint = 0";
}

// A copy of the database and its log taken now, while the log holds everything: what a crash
// would leave behind. Opening it recovers from the log alone, checking every frame's checksum:
// a frame written apart from its header, out of place or not at all ends the log there.
void CopyAsCrashed(const std::string& path, const std::string& copy) {
  std::filesystem::copy_file(path, copy);
  std::filesystem::copy_file(path + "-wal", copy + "-wal");
}

void CheckRecovered(const std::string& copy, long long rows) {
  soci::session recovered;
  recovered.open(*soci::factory_sqlite3(), "db=" + copy);
  CHECK(CountRows(recovered) == rows);
  std::string integrity;
  recovered << "PRAGMA integrity_check", soci::into(integrity);
  CHECK(integrity == "ok");
}

std::string Body(int i, std::size_t bytes) { return "note " + std::to_string(i) + " " + std::string(bytes, 'x'); }

store::LogWriteCounts Since(const store::LogWriteCounts& before) {
  const auto now = store::LogWritesSoFar();
  return {now.writes - before.writes, now.frames - before.frames};
}


// A file opened through the VFS as SQLite opens a log file.
struct LogFileUnderTest {
  explicit LogFileUnderTest(const std::string& file_path)
      : vfs(sqlite3_vfs_find("kmhub-log-frames")), path(file_path) {
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
  // What is in the file itself, without asking the VFS (which would write what waits first).
  std::uintmax_t BytesOnDisk() const { return std::filesystem::file_size(path); }
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
  std::string path;
  std::vector<std::max_align_t> storage;
  std::string name;
  sqlite3_file* file = nullptr;
};

}  // namespace

TEST_CASE("log frames: each commit's frames reach the log in one write, and read back whole") {
  REQUIRE(store::InstallLogFrameVfs());
  TempDir dir;
  const std::string path = dir.path() + "/frames.db";
  soci::session writer, reader;
  OpenLogOnly(writer, path);
  writer << "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
  const auto before = store::LogWritesSoFar();
  for (int i = 0; i < 200; ++i) {
    const std::string body = Body(i, 3 * 4096);  // overflows onto pages of its own: several frames a commit
    writer << "INSERT INTO notes (body) VALUES (:b)", soci::use(body);
  }
  const auto made = Since(before);
  CHECK(made.writes == 200);
  CHECK(made.frames >= 200 * 4);

  // A commit of ~100 frames (400 KiB) goes in writes of at most 128 KiB, the unix VFS's limit.
  const auto before_large = store::LogWritesSoFar();
  const std::string large = Body(200, 100 * 4096);
  writer << "INSERT INTO notes (body) VALUES (:b)", soci::use(large);
  const auto made_large = Since(before_large);
  CHECK(made_large.frames >= 100);
  CHECK(made_large.writes >= 4);
  CHECK(made_large.writes <= 5);

  OpenLogOnly(reader, path);
  CHECK(CountRows(reader) == 201);  // another connection reads the frames from the log file
  std::string last;
  reader << "SELECT body FROM notes WHERE id = 200", soci::into(last);
  CHECK(last == Body(199, 3 * 4096));
  reader << "SELECT body FROM notes WHERE id = 201", soci::into(last);
  CHECK(last == large);

  CopyAsCrashed(path, dir.path() + "/crashed.db");
  CheckRecovered(dir.path() + "/crashed.db", 201);
}

TEST_CASE("log frames: a transaction larger than the page cache, its spilled pages rewritten, recovers whole") {
  REQUIRE(store::InstallLogFrameVfs());
  TempDir dir;
  const std::string path = dir.path() + "/spilled.db";
  soci::session writer;
  OpenLogOnly(writer, path);
  writer << "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
  writer << "CREATE INDEX notes_by_body ON notes (body)";
  // Ten pages of cache: SQLite writes frames to the log before the commit, and writes a page it
  // changes again in place and then rewrites the checksums of the frames after it.
  writer << "PRAGMA cache_size = 10";
  const auto before = store::LogWritesSoFar();
  {
    soci::transaction tx(writer);
    for (int i = 0; i < 2000; ++i) {
      const std::string body = Body((i * 7919) % 2000, 300);  // index entries land all over the index
      writer << "INSERT INTO notes (body) VALUES (:b)", soci::use(body);
    }
    tx.commit();
  }
  const auto made = Since(before);
  CHECK(made.frames > 200);             // frames went to the log before the commit
  CHECK(made.writes > made.frames);     // and pages and checksums were rewritten in place
  CopyAsCrashed(path, dir.path() + "/crashed.db");
  CheckRecovered(dir.path() + "/crashed.db", 2000);
}

TEST_CASE("log frames: gathered frames reach the file at the commit, or before anything else looks at it") {
  REQUIRE(store::InstallLogFrameVfs());
  TempDir dir;
  { std::ofstream database(dir.path() + "/held.db"); }  // SQLite gives a log its database's mode
  LogFileUnderTest log(dir.path() + "/held.db-wal");
  const std::string page(512, 'p'), other(100, 'o');
  std::string frame(24, 'h'), commit(24, 'c');
  frame[4] = frame[5] = frame[6] = frame[7] = 0;  // bytes 4-7: the database's size, set in a commit frame only
  constexpr int kFrame = 24 + 512;

  // A frame that does not end a transaction waits for the next.
  const auto before = store::LogWritesSoFar();
  REQUIRE(log.Write(frame, 32) == SQLITE_OK);
  REQUIRE(log.Write(page, 32 + 24) == SQLITE_OK);
  CHECK(log.BytesOnDisk() == 0);
  // The commit frame's page writes both frames, in one write.
  REQUIRE(log.Write(commit, 32 + kFrame) == SQLITE_OK);
  CHECK(log.BytesOnDisk() == 0);
  REQUIRE(log.Write(page, 32 + kFrame + 24) == SQLITE_OK);
  CHECK(log.BytesOnDisk() == 32 + 2 * kFrame);
  CHECK(Since(before).writes == 1);
  CHECK(Since(before).frames == 2);
  CHECK(log.Read(24, 32) == frame);
  CHECK(log.Read(512, 32 + 24) == page);
  CHECK(log.Read(24, 32 + kFrame) == commit);

  // A waiting frame is written before a read, and before a write that is not the next frame.
  const sqlite3_int64 next = 32 + 2 * kFrame;
  REQUIRE(log.Write(frame, next) == SQLITE_OK);
  REQUIRE(log.Write(page, next + 24) == SQLITE_OK);
  CHECK(log.Read(24, next) == frame);
  REQUIRE(log.Write(frame, next + kFrame) == SQLITE_OK);
  REQUIRE(log.Write(page, next + kFrame + 24) == SQLITE_OK);
  REQUIRE(log.Write(other, 4000) == SQLITE_OK);
  CHECK(log.BytesOnDisk() == 4100);
  CHECK(log.Read(512, next + kFrame + 24) == page);

  // A page written in place, and a header written where a read began (a checksum rewritten),
  // go to the file at once.
  REQUIRE(log.Write(other, 32 + 24) == SQLITE_OK);
  CHECK(log.Read(100, 32 + 24) == other);  // (the read itself would write anything waiting)
  CHECK(log.Read(24 + 512, 32).substr(0, 24) == frame);
  REQUIRE(log.Write(commit, 32) == SQLITE_OK);
  std::ifstream disk(log.path, std::ios::binary);
  std::string first(24, '\0');
  disk.seekg(32);
  disk.read(first.data(), 24);
  CHECK(first == commit);

  // A lone header is held for its page, and a size query writes it first.
  REQUIRE(log.Write(frame, 5000) == SQLITE_OK);
  CHECK(log.BytesOnDisk() == 4100);
  CHECK(log.Size() == 5024);
}
