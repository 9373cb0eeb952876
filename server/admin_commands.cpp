#include "server/admin_commands.h"

#include <cstdio>

#include "server/api/access_api.h"
#include "server/domain/access_policy.h"
#include "server/store/maintenance.h"
#include "server/store/migrations.h"
#include "shared/resource_name.h"

namespace kmhub::server {

namespace {

Expected<std::shared_ptr<store::Database>> OpenMigrated(const Config& config) {
  store::DatabaseOptions options = config.database;
  options.pool_size = 1;
  KMHUB_ASSIGN_OR_RETURN(auto db, store::Database::Open(options));
  KMHUB_TRY(store::Migrate(*db));
  return db;
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
  store::DatabaseOptions options = config.database;
  options.pool_size = 1;
  auto db = store::Database::Open(options);
  if (!db) return Fail(db.error());
  if (auto done = store::BackupSqlite(**db, path); !done) return Fail(done.error());
  std::fprintf(stderr, "backed up %s to %s (integrity checked)\n", (*db)->DisplayUrl().c_str(), path.c_str());
  return 0;
}

}  // namespace kmhub::server
