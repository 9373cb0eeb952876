#include "server/admin_commands.h"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "server/access/access_api.h"
#include "server/platform/db/instance_lock.h"
#include "server/platform/rules/access_policy.h"
#include "server/platform/db/audit_log.h"
#include "server/platform/db/maintenance.h"
#include "server/platform/db/migrations.h"
#include "shared/resource_name.h"

namespace kmhub::server {

namespace {

// A short-lived admin command's database: one connection, and the log left to the server
// beside it (no checkpointer of its own).
store::DatabaseOptions AdminOptions(const Config& config) {
  store::DatabaseOptions options = config.database;
  options.pool_size = 1;
  options.sqlite_checkpointer = false;
  return options;
}

Expected<std::shared_ptr<store::Database>> OpenMigrated(const Config& config) {
  KMHUB_ASSIGN_OR_RETURN(auto db, store::Database::Open(AdminOptions(config)));
  KMHUB_TRY(store::Migrate(*db));
  return db;
}

// The operating-system user running the command, for the audit log.
std::string LocalUser() {
  if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
  return "uid " + std::to_string(geteuid());
}

int Fail(const Error& error) {
  std::fprintf(stderr, "kmhub-server: %s\n", error.message.c_str());
  return 1;
}

}  // namespace

int RunTokenCreate(const Config& config, const TokenCreateArgs& args) {
  auto role = domain::ParseRole(args.role);
  if (!role) return Fail(role.error());
  std::int64_t organisation = 0;
  if (!args.organisation.empty()) {
    auto parsed = ParseOrganisationName(args.organisation, "--organisation");
    if (!parsed) return Fail(parsed.error());
    organisation = *parsed;
  }
  auto db = OpenMigrated(config);
  if (!db) return Fail(db.error());
  if (organisation) {
    store::OrganisationStore organisations(*db);
    if (auto found = organisations.Get(organisation); !found) return Fail(found.error());
  }
  store::TokenStore tokens(*db);
  // Recorded in the audit log as made on this machine, by this user, through this command.
  store::ChangeAuthor author;
  author.actor = "local:" + LocalUser();
  author.method = "kmhub-server token create";
  store::ChangeAuthorScope scope(author);
  auto issued = api::IssueToken(tokens, args.display_name, *role, organisation, args.ttl_days,
                                "kmhub-server token create");
  if (!issued) return Fail(issued.error());
  std::fprintf(stderr, "created tokens/%lld (%s, role %s%s); the secret below is shown only once:\n",
               static_cast<long long>(issued->record.id), args.display_name.c_str(), args.role.c_str(),
               organisation ? (", scoped to " + args.organisation).c_str() : "");
  std::printf("%s\n", issued->secret.c_str());
  return 0;
}

int RunBackup(const Config& config, const std::string& path) {
  auto db = store::Database::Open(AdminOptions(config));
  if (!db) return Fail(db.error());
  if (auto done = store::BackupSqlite(**db, path); !done) return Fail(done.error());
  std::fprintf(stderr, "backed up %s to %s (integrity checked)\n", (*db)->DisplayUrl().c_str(), path.c_str());
  return 0;
}

}  // namespace kmhub::server

namespace kmhub::server {

std::string RecoveryAdvice(const std::string& path) {
  return "To recover: stop the server, move " + path + " and its " + path + "-wal and " + path +
         "-shm files aside (keep them for investigation), copy the newest backup (made by `kmhub-server backup`) "
         "to " + path + " and start the server again. Without a backup, `sqlite3 " + path +
         " .recover` salvages what it can into a new database.";
}

int RunCheck(const Config& config) {
  auto db = store::Database::Open(AdminOptions(config));
  if (!db) return Fail(db.error());
  const auto start = std::chrono::steady_clock::now();
  const auto problems = store::CheckIntegrity(**db, store::CheckDepth::kFull);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string url = (*db)->DisplayUrl();
  if (!problems) {
    std::fprintf(stderr, "kmhub-server: %s could not be checked: %s\n%s\n", url.c_str(),
                 problems.error().message.c_str(), RecoveryAdvice(SqlitePathOf(config.database.url)).c_str());
    return 1;
  }
  if (!problems->empty()) {
    std::fprintf(stderr, "kmhub-server: %s is DAMAGED; integrity_check found:\n%s%s\n", url.c_str(),
                 problems->c_str(), RecoveryAdvice(SqlitePathOf(config.database.url)).c_str());
    return 1;
  }
  std::printf("ok: %s passed %s (%.1f s)\n", url.c_str(),
              (*db)->dialect() == store::Dialect::kSqlite ? "SQLite's integrity_check"
                                                           : "a connection check (PostgreSQL checks its own pages)",
              seconds);
  return 0;
}

}  // namespace kmhub::server
