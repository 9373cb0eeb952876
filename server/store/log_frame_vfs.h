#pragma once
// Store-internal: SQLite's default VFS with one change, made the default for the process. SQLite
// writes each frame of its write-ahead log with two write() calls, the frame's 24-byte header and
// then the page right after it. Each call pays the kernel's whole buffered-write path (looking up
// and dirtying the page-cache page, updating the file's times), so the header cost nearly as much
// as the page: a forum post's commit writes ~16 frames, and the writes took ~40 % of the post
// writer's time, the one thread every post waits for (bench/). Here a header is held back until
// the write of its page and both go in one call. Anything else done to the log file first (any
// other write, a read, a sync, a size query, closing it) writes the held header out on its own
// first, so the file always looks to SQLite as if each write had been made when asked: it only
// ever reads back or syncs what it wrote, and other connections learn of frames from the
// shared-memory index, which the writer updates only after both writes returned.
//
// Every other file (the database, its shared-memory index, journals) is SQLite's own, untouched.

namespace kmhub::store {

// Registers the VFS (as "kmhub-log-frames", and as the default) on the first call, before any
// SQLite connection is opened. False if SQLite has no default VFS to wrap or refused it.
bool InstallLogFrameVfs();

// The number of header-and-page pairs written as one call since the process started (tests).
long long LogFramesCoalesced();

}  // namespace kmhub::store
