// SQLite only: the write-ahead log's frames, written through the VFS that gathers a
// transaction's frames into one write.
#include "server/platform/db/sqlite/log_frame_vfs.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <filesystem>
#include <string>

#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

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

// A new database of notes through such a connection.
void CreateNotes(soci::session& s, const std::string& path) {
  OpenLogOnly(s, path);
  s << "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
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

}  // namespace

TEST_CASE("log frames: each commit's frames reach the log in one write, and read back whole") {
  REQUIRE(store::InstallLogFrameVfs());
  TempDir dir;
  const std::string path = dir.path() + "/frames.db";
  soci::session writer, reader;
  CreateNotes(writer, path);
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
  CreateNotes(writer, path);
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

TEST_CASE("log frames: frames of a transaction rolled back are never written over another's commit") {
  REQUIRE(store::InstallLogFrameVfs());
  TempDir dir;
  const std::string path = dir.path() + "/rolled.db";
  soci::session spiller, committer;
  CreateNotes(spiller, path);
  OpenLogOnly(committer, path);
  // Nothing in the log: undoing the transaction below reads its pages from the database file.
  committer << "PRAGMA wal_checkpoint(TRUNCATE)";
  // A transaction larger than its cache writes frames to the log before it ends; it is rolled
  // back, so the log's end does not move, and the next commit writes its frames in their place.
  spiller << "PRAGMA cache_size = 10";
  {
    soci::transaction tx(spiller);
    for (int i = 0; i < 300; ++i) {
      const std::string body = Body(i, 1500);
      spiller << "INSERT INTO notes (body) VALUES (:b)", soci::use(body);
    }
    // Last, a row of ~50 new overflow pages: each spills an older page, and none is read back.
    const std::string large = Body(300, 50 * 4096);
    spiller << "INSERT INTO notes (body) VALUES (:b)", soci::use(large);
    tx.rollback();
  }
  for (int i = 0; i < 300; ++i) {
    const std::string body = Body(i, 1000);
    committer << "INSERT INTO notes (body) VALUES (:b)", soci::use(body);
  }
  // The rolled-back connection reads again (from the log): nothing of its transaction may reach
  // the file now.
  const auto before_read = store::LogWritesSoFar();
  CHECK(CountRows(spiller) == 300);
  CHECK(Since(before_read).writes == 0);
  std::string body;
  spiller << "SELECT body FROM notes WHERE id = 1", soci::into(body);
  CHECK(body == Body(0, 1000));
  soci::session fresh;
  OpenLogOnly(fresh, path);
  CHECK(CountRows(fresh) == 300);
  fresh << "SELECT body FROM notes WHERE id = 300", soci::into(body);
  CHECK(body == Body(299, 1000));
  std::string integrity;
  fresh << "PRAGMA integrity_check", soci::into(integrity);
  CHECK(integrity == "ok");
  CopyAsCrashed(path, dir.path() + "/crashed.db");
  CheckRecovered(dir.path() + "/crashed.db", 300);
}
