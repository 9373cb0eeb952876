#pragma once
// Store-internal: SQLite's default VFS with one change, made the default for the process: a
// transaction's frames reach its write-ahead log in one write() instead of two a frame.
//
// SQLite writes each frame of its log with two calls, the frame's 24-byte header and then the
// page right after it, and a forum post's commit writes ~80 frames. A write() costs about the
// same whatever its size, so the calls, not the bytes, were most of the post writer's time, and
// the post writer is the one thread every post waits for (bench/README.md, "The SQLite engine's
// settings").
//
// Here the frames a connection appends to its log are gathered in memory and written together
// when the transaction's commit frame (the one whose header gives the database's size) is
// complete, inside SQLite's own write of that page, so an error (a full disk) fails the commit
// as it would have without us. SQLite tells other connections of new frames only after that
// write returns (through the shared-memory index), so no reader looks for a frame not yet in the
// file. Anything else done to the log file first (a read, a sync, a size query, a write that is
// not the next frame) writes what is gathered first, so the file looks to SQLite as if each
// write had been made when asked. At most 128 KiB go in one write (the unix VFS's limit); a
// larger commit takes a few. A frame header rewritten in place (SQLite re-checksumming frames it
// rewrote) is written at once.
//
// Frames written before a transaction ends (pages spilled from a full cache) may wait past its
// end when it is rolled back; the log's end does not move then, and the next commit, perhaps
// another connection's, writes its frames in their place. Written late, they would overwrite
// that commit (a store test shows the corruption). So the connection's database file is wrapped
// too, and when the connection gives up the write lock (lock 0 of the shared-memory index) what
// still waits is forgotten: a transaction that committed has written its frames by then.
//
// Every other file (the shared-memory index, journals) is SQLite's own, untouched, and the
// database file's calls all pass straight through.

namespace kmhub::store {

// Registers the VFS (as "kmhub-log-frames", and as the default) on the first call, before any
// SQLite connection is opened. False if SQLite has no default VFS to wrap or refused it.
bool InstallLogFrameVfs();

// Since the process started (tests): the write() calls made to log files through this VFS, and
// the frames (header and page) they carried.
struct LogWriteCounts {
  long long writes = 0;
  long long frames = 0;
};
LogWriteCounts LogWritesSoFar();

}  // namespace kmhub::store
