// kmhub-server: wires configuration, database, migrations, demo data and the gRPC server,
// then serves until SIGTERM or SIGINT.

#include <absl/synchronization/mutex.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <optional>

#include "server/admin_commands.h"
#include "server/server_builder.h"
#include "server/platform/rpc/buffered_log_sink.h"
#include "server/config.h"
#include "server/demo/demo_loader.h"
#include "server/platform/db/instance_lock.h"
#include "server/platform/rpc/json_log_format.h"
#include "server/platform/rpc/metrics_endpoint.h"
#include "server/platform/db/maintenance.h"
#include "server/platform/db/migrations.h"

namespace {

// Blocks SIGTERM/SIGINT in every thread (gRPC's included) so that main alone receives them.
sigset_t BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

// SQLite's quick_check (every page and B-tree; not each index against its table, which
// `kmhub-server check` adds): a damaged file is refused before anything is written to it.
bool CheckAtStart(kmhub::store::Database& db, const std::string& path) {
  const auto start = std::chrono::steady_clock::now();
  const auto problems = kmhub::store::CheckIntegrity(db, kmhub::store::CheckDepth::kQuick);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (problems && problems->empty()) {
    spdlog::info("database {} passed SQLite's quick_check in {:.2f} s", path, seconds);
    return true;
  }
  const std::string found = problems ? *problems : problems.error().message;
  spdlog::critical("REFUSING TO SERVE: the database {} is DAMAGED. SQLite's quick_check found:\n{}{}", path,
                   found.substr(0, 4000), kmhub::server::RecoveryAdvice(path));
  return false;
}

}  // namespace

int Serve(kmhub::server::Config config, const sigset_t& signals);

int main(int argc, char** argv) {
  const sigset_t signals = BlockShutdownSignals();
  // Debian's Abseil checks every gRPC mutex acquisition for lock-order cycles (a debugging aid
  // that cost ~4% of server CPU in bench/); production servers run without it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  kmhub::server::Config config;
  CLI::App app{"kmhub-server: the knowledge-management hub for health commissioners (gRPC)"};
  kmhub::server::AddOptions(app, config);
  app.require_subcommand(0, 1);
  kmhub::server::TokenCreateArgs token_args;
  auto* token = app.add_subcommand("token", "Manage bearer tokens directly in the database (bootstrap)");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create a token and print its secret once");
  token_create->fallthrough();
  token->fallthrough();
  token_create->add_option("--role", token_args.role, "admin, editor or viewer")->required();
  token_create->add_option("--name", token_args.display_name, "What the token is for")->capture_default_str();
  token_create->add_option("--organisation", token_args.organisation, "Scope: organisations/ID");
  token_create->add_option("--ttl-days", token_args.ttl_days, "Days until it expires; 0: never")
      ->check(CLI::Range(0, 3650))
      ->capture_default_str();
  std::string backup_path;
  auto* backup = app.add_subcommand("backup", "Copy a live SQLite database to PATH (online, consistent)");
  backup->fallthrough();
  backup->add_option("path", backup_path, "Where to write the copy")->required();
  auto* check = app.add_subcommand("check", "Run the full integrity check of the database (beside a running server or not)");
  check->fallthrough();
  CLI11_PARSE(app, argc, argv);
  if (auto finished = kmhub::server::FinishConfig(config); !finished) {
    std::fprintf(stderr, "kmhub-server: %s\n", finished.error().message.c_str());
    return 2;
  }
  if (token_create->parsed()) return kmhub::server::RunTokenCreate(config, token_args);
  if (backup->parsed()) return kmhub::server::RunBackup(config, backup_path);
  if (check->parsed()) return kmhub::server::RunCheck(config);

  // Each handler formats its own log line into a block in memory, and a thread of the sink's
  // writes the blocks (BufferedLogSink): no handler waits on the terminal or the log file, and
  // lines are written every second, and at once from warnings up.
  auto logger = std::make_shared<spdlog::logger>("kmhub", std::make_shared<kmhub::server::BufferedLogSink>(stdout));
  spdlog::set_default_logger(logger);
  if (config.log_json)
    kmhub::server::UseJsonLogLines(*logger);
  else
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));

  const int exit_code = Serve(std::move(config), signals);
  spdlog::shutdown();  // writes what is left
  return exit_code;
}

int Serve(kmhub::server::Config config, const sigset_t& signals) {
  config.database.pool_size = static_cast<std::size_t>(config.server.worker_threads);

  // One server per SQLite file (instance_lock.h); claimed before the database is opened.
  const std::string sqlite_path = kmhub::server::SqlitePathOf(config.database.url);
  std::optional<kmhub::server::InstanceLock> instance;
  if (!sqlite_path.empty()) {
    auto claimed = kmhub::server::InstanceLock::Claim(sqlite_path);
    if (!claimed) {
      spdlog::critical("{}", claimed.error().message);
      return 1;
    }
    instance.emplace(std::move(*claimed));
  }
  auto db = kmhub::store::Database::Open(config.database);
  if (!db) {
    spdlog::critical("{}", db.error().message);
    return 1;
  }
  if (!sqlite_path.empty() && !CheckAtStart(**db, sqlite_path)) return 1;
  if (auto settings = kmhub::store::InspectConnection(**db)) {
    spdlog::info("database {} opened with {} connections (version {}{})", (*db)->DisplayUrl(), (*db)->pool_size(),
                 settings->server_version,
                 settings->journal_mode.empty() ? "" : ", journal " + settings->journal_mode + ", foreign keys " +
                                                           (settings->foreign_keys ? "on" : "off") + ", pages of " +
                                                           std::to_string(settings->page_bytes) + " bytes");
  }
  auto migrated = kmhub::store::Migrate(**db);
  if (!migrated) {
    spdlog::critical("migrating the database failed: {}", migrated.error().message);
    return 1;
  }
  spdlog::info("schema migrations applied: {}", *migrated);
  if (config.demo) {
    auto demo = kmhub::server::LoadDemoData(*db);
    if (!demo) {
      spdlog::critical("loading demo data failed: {}", demo.error().message);
      return 1;
    }
    spdlog::info(*demo ? "demo data loaded" : "demo data already present");
  }

  if (!config.server.auth.enabled) {
    for (int i = 0; i < 3; ++i)
      spdlog::warn("!!! --insecure-no-auth: EVERY caller is treated as admin, without a token. Local development only; "
                   "never expose this server to a network !!!");
  }
  auto server = kmhub::api::KmhubServer::Start(config.server, *db);
  if (!server) {
    spdlog::critical("{}", server.error().message);
    return 1;
  }
  std::unique_ptr<kmhub::server::MetricsEndpoint> metrics;
  if (!config.metrics_listen.empty()) {
    auto started = kmhub::server::MetricsEndpoint::Start(config.metrics_listen, *db);
    if (!started) {
      spdlog::critical("{}", started.error().message);
      return 1;
    }
    metrics = std::move(*started);
    spdlog::info("metrics on http://{}:{}/metrics", config.metrics_listen.substr(0, config.metrics_listen.rfind(':')),
                 metrics->port());
  }
  spdlog::info("kmhub-server listening on {} ({} worker threads, reflection {}, {}, authentication {})",
               (*server)->address(), config.server.worker_threads, config.server.reflection ? "on" : "off",
               config.server.tls_certificate.empty() ? "plaintext"
               : config.server.tls_client_ca.empty() ? "TLS"
                                                     : "mutual TLS",
               config.server.auth.enabled ? "on" : "OFF");
  spdlog::default_logger()->flush();  // supervisors and tests wait for this line

  if (!config.port_file.empty()) {
    // Written to a temporary name and renamed, so a reader never sees a partial file.
    const std::string partial = config.port_file + ".partial";
    std::ofstream(partial) << (*server)->port() << '\n';
    std::rename(partial.c_str(), config.port_file.c_str());
  }

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("received {}; health set to NOT_SERVING, finishing in-flight calls (grace {} s)",
               signal_number == SIGTERM ? "SIGTERM" : "SIGINT", config.shutdown_grace_seconds);
  (*server)->Shutdown(std::chrono::seconds(config.shutdown_grace_seconds));
  spdlog::info("kmhub-server stopped");
  return 0;
}
