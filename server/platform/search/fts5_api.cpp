#include "server/platform/search/fts5_api.h"

namespace kmhub::store {

// SOCI's SQLite header declares the C API inside this namespace.
using namespace sqlite_api;

sqlite_api::fts5_api* Fts5ApiOf(soci::session& s) {
  sqlite3* db = static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
  // FTS5 hands out its API through a pointer bound to "SELECT fts5(?1)" (sqlite.org/fts5.html,
  // "Extending FTS5").
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

}  // namespace kmhub::store
