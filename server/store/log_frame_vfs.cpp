#include "server/store/log_frame_vfs.h"

#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <cstring>
#include <vector>

namespace kmhub::store {

// SOCI's SQLite header declares the C API inside this namespace.
using namespace sqlite_api;

namespace {

// sqlite.org/fileformat2.html#walformat: each frame is a 24-byte header and a page.
constexpr int kFrameHeaderBytes = 24;

std::atomic<long long> coalesced{0};

// A log file: ours in front, SQLite's own (as the wrapped VFS opened it) in the bytes after.
struct LogFile {
  sqlite3_file base;  // base.pMethods = &kLogMethods
  sqlite3_file* real;
  sqlite3_int64 held_at;  // where the held header goes; -1 when none is held
  unsigned char held[kFrameHeaderBytes];
  std::vector<unsigned char>* frame;  // a header and a page, written as one
};

// The wrapped file's place: after LogFile, aligned as SQLite aligns its own structs.
constexpr int kLogFileBytes = (sizeof(LogFile) + 7) & ~7;

LogFile* AsLog(sqlite3_file* f) { return reinterpret_cast<LogFile*>(f); }
sqlite3_vfs* Wrapped(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

// Writes the held header by itself: before anything else reaches the file.
int WriteHeld(LogFile* log) {
  if (log->held_at < 0) return SQLITE_OK;
  const sqlite3_int64 at = log->held_at;
  log->held_at = -1;
  return log->real->pMethods->xWrite(log->real, log->held, kFrameHeaderBytes, at);
}

int Write(sqlite3_file* f, const void* data, int bytes, sqlite3_int64 at) {
  LogFile* log = AsLog(f);
  if (log->held_at >= 0 && at == log->held_at + kFrameHeaderBytes) {
    // The page of the held header: both in one call.
    auto& frame = *log->frame;
    frame.resize(kFrameHeaderBytes + static_cast<std::size_t>(bytes));
    std::memcpy(frame.data(), log->held, kFrameHeaderBytes);
    std::memcpy(frame.data() + kFrameHeaderBytes, data, static_cast<std::size_t>(bytes));
    const sqlite3_int64 frame_at = log->held_at;
    log->held_at = -1;
    coalesced.fetch_add(1, std::memory_order_relaxed);
    return log->real->pMethods->xWrite(log->real, frame.data(), static_cast<int>(frame.size()), frame_at);
  }
  if (const int rc = WriteHeld(log); rc != SQLITE_OK) return rc;
  if (bytes == kFrameHeaderBytes) {
    std::memcpy(log->held, data, kFrameHeaderBytes);
    log->held_at = at;
    return SQLITE_OK;
  }
  return log->real->pMethods->xWrite(log->real, data, bytes, at);
}

int Close(sqlite3_file* f) {
  LogFile* log = AsLog(f);
  const int held = WriteHeld(log);
  const int rc = log->real->pMethods->xClose(log->real);
  delete log->frame;
  log->frame = nullptr;
  return held != SQLITE_OK ? held : rc;
}

// The other methods pass through, the held header written first where the file is looked at.
int Read(sqlite3_file* f, void* data, int bytes, sqlite3_int64 at) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteHeld(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xRead(log->real, data, bytes, at);
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteHeld(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xTruncate(log->real, size);
}
int Sync(sqlite3_file* f, int flags) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteHeld(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xSync(log->real, flags);
}
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteHeld(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xFileSize(log->real, size);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  LogFile* log = AsLog(f);
  if (const int rc = WriteHeld(log); rc != SQLITE_OK) return rc;
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

int Open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  sqlite3_vfs* wrapped = Wrapped(vfs);
  if (!(flags & SQLITE_OPEN_WAL)) return wrapped->xOpen(wrapped, name, f, flags, out_flags);
  LogFile* log = AsLog(f);
  log->base.pMethods = nullptr;  // SQLite closes nothing when the open fails
  log->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kLogFileBytes);
  log->held_at = -1;
  log->frame = nullptr;
  const int rc = wrapped->xOpen(wrapped, name, log->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  log->frame = new std::vector<unsigned char>();
  log->base.pMethods = &kLogMethods;
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
    vfs.szOsFile = kLogFileBytes + wrapped->szOsFile;
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

long long LogFramesCoalesced() { return coalesced.load(std::memory_order_relaxed); }

}  // namespace kmhub::store
