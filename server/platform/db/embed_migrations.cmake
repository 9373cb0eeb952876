# Writes OUTPUT, a C++ file holding every migration file under SERVER_DIR (server/*/migrations/
# *.sql) as a raw string, for the migration runner (migrations.h, EmbeddedMigrationFiles). Run at
# build time by server/CMakeLists.txt whenever a migration file changes.
file(GLOB files RELATIVE "${SERVER_DIR}" "${SERVER_DIR}/*/migrations/*.sql")
list(SORT files)
set(body "")
foreach(f ${files})
  file(READ "${SERVER_DIR}/${f}" text)
  string(FIND "${text}" ")kmhub_sql\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter )kmhub_sql\"")
  endif()
  string(APPEND body "      {\"${f}\", R\"kmhub_sql(${text})kmhub_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}" "// Made by server/platform/db/embed_migrations.cmake from server/*/migrations/*.sql: do not edit.
#include \"server/platform/db/migrations.h\"

namespace kmhub::store {

const std::vector<MigrationFile>& EmbeddedMigrationFiles() {
  static const std::vector<MigrationFile> files = {
${body}  };
  return files;
}

}  // namespace kmhub::store
")
