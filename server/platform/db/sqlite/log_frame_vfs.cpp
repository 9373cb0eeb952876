#include "server/platform/db/sqlite/log_frame_vfs.h"

#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <vector>

namespace kmhub::store {

// SOCI's SQLite header declares the C API inside this namespace.
using namespace sqlite_api;

namespace {

// sqlite.org/fileformat2.html#walformat: each frame is a 24-byte header and a page; bytes 4-7 of
// the header are the database's size in pages after a commit, zero in the other frames.
constexpr int kFrameHeaderBytes = 24;
// The most SQLite's unix VFS writes in one call (it masks larger sizes to 17 bits): frames that
// would gather past it are written first, without waiting for the commit (a large transaction's).
constexpr std::size_t kMaxGatheredBytes = 0x1ffff;

std::atomic<long long> writes_made{0}, frames_written{0};

struct DbFile;

// A log file: ours in front, SQLite's own (as the wrapped VFS opened it) in the bytes after.
struct LogFile {
  sqlite3_file base;  // base.pMethods = &kLogMethods
  sqlite3_file* real;
  // The database file of the same connection, whose release of the write lock ends what waits
  // here; without one (never seen: SQLite opens both through one VFS) nothing waits.
  DbFile* db;
  // Whole frames, one after another from gathered_at, not yet written.
  std::vector<unsigned char>* gathered;
  sqlite3_int64 gathered_at;
  long long gathered_frames;
  // A frame header waiting for its page; held_at is -1 when none is held.
  sqlite3_int64 held_at;
  unsigned char held[kFrameHeaderBytes];
  bool held_is_commit;
  // Where the last read began (-1 after a write): a header written there is a rewrite.
  sqlite3_int64 last_read_at;
};

// A database file: SQLite's own behind ours, which only watches for the write lock's release.
struct DbFile {
  sqlite3_file base;  // base.pMethods = &kDbMethods
  sqlite3_file* real;
  LogFile* log;  // its connection's open log, if any
};

// The wrapped file's place: after ours, aligned as SQLite aligns its own structs.
constexpr std::size_t kLargerOfOurs = sizeof(LogFile) > sizeof(DbFile) ? sizeof(LogFile) : sizeof(DbFile);
constexpr int kOursBytes = static_cast<int>((kLargerOfOurs + 7) & ~std::size_t{7});

LogFile* AsLog(sqlite3_file* f) { return reinterpret_cast<LogFile*>(f); }
DbFile* AsDb(sqlite3_file* f) { return reinterpret_cast<DbFile*>(f); }
sqlite3_file* RealAfter(sqlite3_file* f) {
  return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kOursBytes);
}
sqlite3_vfs* Wrapped(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int WriteThrough(LogFile* log, const void* data, std::size_t bytes, sqlite3_int64 at, long long frames) {
  writes_made.fetch_add(1, std::memory_order_relaxed);
  frames_written.fetch_add(frames, std::memory_order_relaxed);
  return log->real->pMethods->xWrite(log->real, data, static_cast<int>(bytes), at);
}

sqlite3_int64 GatheredEnd(const LogFile* log) {
  return log->gathered_at + static_cast<sqlite3_int64>(log->gathered->size());
}

int WriteGathered(LogFile* log) {
  if (log->gathered->empty()) return SQLITE_OK;
  const auto& gathered = *log->gathered;
  const int rc = WriteThrough(log, gathered.data(), gathered.size(), log->gathered_at, log->gathered_frames);
  log->gathered->clear();
  log->gathered_frames = 0;
  return rc;
}

// Forgets what waits: frames of a transaction that did not commit (a commit writes its frames
// before it returns), which another connection's next commit may by now be writing in their
// place. Called as the connection gives up the write lock, and at close.
void DiscardWaiting(LogFile* log) {
  log->gathered->clear();
  log->gathered_frames = 0;
  log->held_at = -1;
  log->last_read_at = -1;
}

// Writes everything waiting, oldest first: before anything else reaches the file.
int WriteWaiting(LogFile* log) {
  if (const int rc = WriteGathered(log); rc != SQLITE_OK) return rc;
  if (log->held_at < 0) return SQLITE_OK;
  const sqlite3_int64 at = log->held_at;
  log->held_at = -1;
  return WriteThrough(log, log->held, kFrameHeaderBytes, at, 0);
}

// The page of the held header: the frame joins the gathered ones, which are written once the
// transaction's commit frame is among them.
int AddFrame(LogFile* log, const void* page, int bytes) {
  auto& gathered = *log->gathered;
  if (gathered.size() + kFrameHeaderBytes + static_cast<std::size_t>(bytes) > kMaxGatheredBytes) {
    if (const int rc = WriteGathered(log); rc != SQLITE_OK) return rc;
  }
  if (gathered.empty()) log->gathered_at = log->held_at;
  const auto* header = log->held;
  gathered.insert(gathered.end(), header, header + kFrameHeaderBytes);
  const auto* data = static_cast<const unsigned char*>(page);
  gathered.insert(gathered.end(), data, data + bytes);
  ++log->gathered_frames;
  log->held_at = -1;
  return log->held_is_commit ? WriteGathered(log) : SQLITE_OK;
}

bool IsCommitFrame(const unsigned char* header) {
  return (header[4] | header[5] | header[6] | header[7]) != 0;
}

int Write(sqlite3_file* f, const void* data, int bytes, sqlite3_int64 at) {
  LogFile* log = AsLog(f);
  const bool where_last_read = at == log->last_read_at;
  log->last_read_at = -1;
  if (!log->db) return WriteThrough(log, data, static_cast<std::size_t>(bytes), at, 0);
  if (log->held_at >= 0 && at == log->held_at + kFrameHeaderBytes) return AddFrame(log, data, bytes);
  if (bytes == kFrameHeaderBytes && !where_last_read) {
    // A new frame's header: held for its page, after the frames before it.
    const bool follows_gathered = log->gathered->empty() || at == GatheredEnd(log);
    if (log->held_at >= 0 || !follows_gathered) {
      if (const int rc = WriteWaiting(log); rc != SQLITE_OK) return rc;
    }
    std::memcpy(log->held, data, kFrameHeaderBytes);
    log->held_at = at;
    log->held_is_commit = IsCommitFrame(log->held);
    return SQLITE_OK;
  }
  // The log's own header, a page rewritten in place, a header re-checksummed: as asked, at once.
  if (const int rc = WriteWaiting(log); rc != SQLITE_OK) return rc;
  return WriteThrough(log, data, static_cast<std::size_t>(bytes), at, 0);
}

int Close(sqlite3_file* f) {
  LogFile* log = AsLog(f);
  DiscardWaiting(log);  // SQLite ends a transaction before it closes its log
  if (log->db) log->db->log = nullptr;
  const int rc = log->real->pMethods->xClose(log->real);
  delete log->gathered;
  log->gathered = nullptr;
  return rc;
}

int Read(sqlite3_file* f, void* data, int bytes, sqlite3_int64 at) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteWaiting(log); rc != SQLITE_OK) return rc;
  log->last_read_at = at;
  return log->real->pMethods->xRead(log->real, data, bytes, at);
}

// The other methods pass through, what is waiting written first where the file is looked at.
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteWaiting(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xTruncate(log->real, size);
}
int Sync(sqlite3_file* f, int flags) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteWaiting(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xSync(log->real, flags);
}
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteWaiting(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xFileSize(log->real, size);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteWaiting(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xFileControl(log->real, op, arg);
}
int Lock(sqlite3_file* f, int level) { return AsLog(f)->real->pMethods->xLock(AsLog(f)->real, level); }
int Unlock(sqlite3_file* f, int level) { return AsLog(f)->real->pMethods->xUnlock(AsLog(f)->real, level); }
int CheckReservedLock(sqlite3_file* f, int* out) {
  return AsLog(f)->real->pMethods->xCheckReservedLock(AsLog(f)->real, out);
}
int SectorSize(sqlite3_file* f) { return AsLog(f)->real->pMethods->xSectorSize(AsLog(f)->real); }
int DeviceCharacteristics(sqlite3_file* f) {
  return AsLog(f)->real->pMethods->xDeviceCharacteristics(AsLog(f)->real);
}

// Version 1: SQLite uses neither shared memory nor memory maps on a log file, and so does not ask.
const sqlite3_io_methods kLogMethods = [] {
  sqlite3_io_methods m{};
  m.iVersion = 1;
  m.xClose = Close;
  m.xRead = Read;
  m.xWrite = Write;
  m.xTruncate = Truncate;
  m.xSync = Sync;
  m.xFileSize = FileSize;
  m.xLock = Lock;
  m.xUnlock = Unlock;
  m.xCheckReservedLock = CheckReservedLock;
  m.xFileControl = FileControl;
  m.xSectorSize = SectorSize;
  m.xDeviceCharacteristics = DeviceCharacteristics;
  return m;
}();

// The database file's methods pass through; releasing the write lock (lock 0 of the shared-memory
// index, WAL_WRITE_LOCK in SQLite's wal.c) first forgets what the log holds back.
sqlite3_file* RealDb(sqlite3_file* f) { return AsDb(f)->real; }
int DbClose(sqlite3_file* f) {
  DbFile* db = AsDb(f);
  if (db->log) db->log->db = nullptr;
  return db->real->pMethods->xClose(db->real);
}
int DbRead(sqlite3_file* f, void* data, int bytes, sqlite3_int64 at) {
  return RealDb(f)->pMethods->xRead(RealDb(f), data, bytes, at);
}
int DbWrite(sqlite3_file* f, const void* data, int bytes, sqlite3_int64 at) {
  return RealDb(f)->pMethods->xWrite(RealDb(f), data, bytes, at);
}
int DbTruncate(sqlite3_file* f, sqlite3_int64 size) { return RealDb(f)->pMethods->xTruncate(RealDb(f), size); }
int DbSync(sqlite3_file* f, int flags) { return RealDb(f)->pMethods->xSync(RealDb(f), flags); }
int DbFileSize(sqlite3_file* f, sqlite3_int64* size) { return RealDb(f)->pMethods->xFileSize(RealDb(f), size); }
int DbLock(sqlite3_file* f, int level) { return RealDb(f)->pMethods->xLock(RealDb(f), level); }
int DbUnlock(sqlite3_file* f, int level) { return RealDb(f)->pMethods->xUnlock(RealDb(f), level); }
int DbCheckReservedLock(sqlite3_file* f, int* out) {
  return RealDb(f)->pMethods->xCheckReservedLock(RealDb(f), out);
}
int DbFileControl(sqlite3_file* f, int op, void* arg) {
  return RealDb(f)->pMethods->xFileControl(RealDb(f), op, arg);
}
int DbSectorSize(sqlite3_file* f) { return RealDb(f)->pMethods->xSectorSize(RealDb(f)); }
int DbDeviceCharacteristics(sqlite3_file* f) { return RealDb(f)->pMethods->xDeviceCharacteristics(RealDb(f)); }
int DbShmMap(sqlite3_file* f, int region, int bytes, int extend, void volatile** out) {
  return RealDb(f)->pMethods->xShmMap(RealDb(f), region, bytes, extend, out);
}
int DbShmLock(sqlite3_file* f, int offset, int n, int flags) {
  DbFile* db = AsDb(f);
  constexpr int kWriteLock = 0;
  const bool releases_write_lock = (flags & SQLITE_SHM_UNLOCK) && (flags & SQLITE_SHM_EXCLUSIVE) &&
                                   offset <= kWriteLock && kWriteLock < offset + n;
  if (releases_write_lock && db->log) DiscardWaiting(db->log);
  return db->real->pMethods->xShmLock(db->real, offset, n, flags);
}
void DbShmBarrier(sqlite3_file* f) { RealDb(f)->pMethods->xShmBarrier(RealDb(f)); }
int DbShmUnmap(sqlite3_file* f, int delete_flag) { return RealDb(f)->pMethods->xShmUnmap(RealDb(f), delete_flag); }
int DbFetch(sqlite3_file* f, sqlite3_int64 at, int bytes, void** out) {
  return RealDb(f)->pMethods->xFetch(RealDb(f), at, bytes, out);
}
int DbUnfetch(sqlite3_file* f, sqlite3_int64 at, void* p) { return RealDb(f)->pMethods->xUnfetch(RealDb(f), at, p); }

// As many versions as SQLite's own file has (its methods past that are not there to call).
sqlite3_io_methods DbMethods(int version) {
  sqlite3_io_methods m{};
  m.iVersion = version;
  m.xClose = DbClose;
  m.xRead = DbRead;
  m.xWrite = DbWrite;
  m.xTruncate = DbTruncate;
  m.xSync = DbSync;
  m.xFileSize = DbFileSize;
  m.xLock = DbLock;
  m.xUnlock = DbUnlock;
  m.xCheckReservedLock = DbCheckReservedLock;
  m.xFileControl = DbFileControl;
  m.xSectorSize = DbSectorSize;
  m.xDeviceCharacteristics = DbDeviceCharacteristics;
  m.xShmMap = DbShmMap;
  m.xShmLock = DbShmLock;
  m.xShmBarrier = DbShmBarrier;
  m.xShmUnmap = DbShmUnmap;
  m.xFetch = DbFetch;
  m.xUnfetch = DbUnfetch;
  return m;
}
const sqlite3_io_methods kDbMethods[] = {DbMethods(1), DbMethods(2), DbMethods(3)};

bool IsOurDatabase(const sqlite3_file* f) {
  return f->pMethods >= &kDbMethods[0] && f->pMethods <= &kDbMethods[2];
}

int OpenDatabase(sqlite3_vfs* wrapped, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  DbFile* db = AsDb(f);
  db->base.pMethods = nullptr;  // SQLite closes nothing when the open fails
  db->real = RealAfter(f);
  db->log = nullptr;
  const int rc = wrapped->xOpen(wrapped, name, db->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  const int version = db->real->pMethods->iVersion;
  db->base.pMethods = &kDbMethods[version < 1 ? 0 : version > 3 ? 2 : version - 1];
  return SQLITE_OK;
}

int Open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  sqlite3_vfs* wrapped = Wrapped(vfs);
  if (flags & SQLITE_OPEN_MAIN_DB) return OpenDatabase(wrapped, name, f, flags, out_flags);
  if (!(flags & SQLITE_OPEN_WAL)) return wrapped->xOpen(wrapped, name, f, flags, out_flags);
  LogFile* log = AsLog(f);
  log->base.pMethods = nullptr;  // SQLite closes nothing when the open fails
  log->real = RealAfter(f);
  log->db = nullptr;
  log->gathered = nullptr;
  log->gathered_at = 0;
  log->gathered_frames = 0;
  log->held_at = -1;
  log->held_is_commit = false;
  log->last_read_at = -1;
  const int rc = wrapped->xOpen(wrapped, name, log->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  log->gathered = new std::vector<unsigned char>();
  log->base.pMethods = &kLogMethods;
  // The connection's database file, opened through this VFS before its log.
  sqlite3_file* database = sqlite3_database_file_object(name);
  if (database && IsOurDatabase(database)) {
    log->db = AsDb(database);
    log->db->log = log;
  }
  return SQLITE_OK;
}

// The VFS's own calls go to the wrapped VFS, which expects itself as the first argument.
int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return Wrapped(vfs)->xDelete(Wrapped(vfs), name, sync_dir);
}
int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return Wrapped(vfs)->xAccess(Wrapped(vfs), name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return Wrapped(vfs)->xFullPathname(Wrapped(vfs), name, size, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* name) { return Wrapped(vfs)->xDlOpen(Wrapped(vfs), name); }
void DlError(sqlite3_vfs* vfs, int size, char* out) { Wrapped(vfs)->xDlError(Wrapped(vfs), size, out); }
void (*DlSym(sqlite3_vfs* vfs, void* lib, const char* symbol))(void) {
  return Wrapped(vfs)->xDlSym(Wrapped(vfs), lib, symbol);
}
void DlClose(sqlite3_vfs* vfs, void* lib) { Wrapped(vfs)->xDlClose(Wrapped(vfs), lib); }
int Randomness(sqlite3_vfs* vfs, int size, char* out) { return Wrapped(vfs)->xRandomness(Wrapped(vfs), size, out); }
int Sleep(sqlite3_vfs* vfs, int micros) { return Wrapped(vfs)->xSleep(Wrapped(vfs), micros); }
int CurrentTime(sqlite3_vfs* vfs, double* out) { return Wrapped(vfs)->xCurrentTime(Wrapped(vfs), out); }
int GetLastError(sqlite3_vfs* vfs, int size, char* out) {
  return Wrapped(vfs)->xGetLastError ? Wrapped(vfs)->xGetLastError(Wrapped(vfs), size, out) : 0;
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return Wrapped(vfs)->xCurrentTimeInt64(Wrapped(vfs), out);
}

}  // namespace

bool InstallLogFrameVfs() {
  static const bool installed = [] {
    sqlite3_vfs* wrapped = sqlite3_vfs_find(nullptr);
    // Version 2 (xCurrentTimeInt64) is what the calls above need; the unix VFS has 3.
    if (!wrapped || wrapped->iVersion < 2) return false;
    static sqlite3_vfs vfs{};
    vfs.iVersion = 2;
    vfs.szOsFile = kOursBytes + wrapped->szOsFile;
    vfs.mxPathname = wrapped->mxPathname;
    vfs.zName = "kmhub-log-frames";
    vfs.pAppData = wrapped;
    vfs.xOpen = Open;
    vfs.xDelete = Delete;
    vfs.xAccess = Access;
    vfs.xFullPathname = FullPathname;
    vfs.xDlOpen = DlOpen;
    vfs.xDlError = DlError;
    vfs.xDlSym = DlSym;
    vfs.xDlClose = DlClose;
    vfs.xRandomness = Randomness;
    vfs.xSleep = Sleep;
    vfs.xCurrentTime = CurrentTime;
    vfs.xGetLastError = GetLastError;
    vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    return sqlite3_vfs_register(&vfs, 1) == SQLITE_OK;
  }();
  return installed;
}

LogWriteCounts LogWritesSoFar() {
  return {writes_made.load(std::memory_order_relaxed), frames_written.load(std::memory_order_relaxed)};
}

}  // namespace kmhub::store
