#include "server/config.h"

#include <fstream>
#include <sstream>

#include "server/platform/rules/access_policy.h"
#include "shared/resource_name.h"

namespace kmhub::server {

void AddOptions(CLI::App& app, Config& config) {
  app.add_option("--listen", config.server.listen_address, "Address to serve gRPC on (port 0 picks a free one)")
      ->envname("KMHUB_LISTEN")
      ->capture_default_str();
  app.add_option("--database", config.database.url,
                 "Database: sqlite:PATH (created on first start) or postgresql://USER@HOST:PORT/DB")
      ->envname("KMHUB_DATABASE")
      ->capture_default_str();
  app.add_option("--threads", config.server.worker_threads,
                 "Worker threads serving calls; also the database connection pool size")
      ->envname("KMHUB_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--max-message-bytes", config.server.max_message_bytes, "Largest request or response message")
      ->envname("KMHUB_MAX_MESSAGE_BYTES")
      ->check(CLI::Range(64 * 1024, 256 * 1024 * 1024))
      ->capture_default_str();
  app.add_option("--max-page-size", config.server.max_page_size, "Largest page a List call returns")
      ->envname("KMHUB_MAX_PAGE_SIZE")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--shutdown-grace", config.shutdown_grace_seconds,
                 "Seconds in-flight calls get to finish after SIGTERM/SIGINT")
      ->envname("KMHUB_SHUTDOWN_GRACE")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
  app.add_option("--db-lease-timeout-ms", config.database.lease_timeout_ms,
                 "How long a call waits for a free database connection before UNAVAILABLE")
      ->envname("KMHUB_DB_LEASE_TIMEOUT_MS")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str();
  app.add_option("--sqlite-busy-timeout-ms", config.database.sqlite_busy_timeout_ms,
                 "SQLite: how long a writer waits for the write lock")
      ->envname("KMHUB_SQLITE_BUSY_TIMEOUT_MS")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  app.add_option("--sqlite-synchronous", config.database.sqlite_synchronous,
                 "SQLite: what a commit waits for. normal: a power cut may lose the last commits, never the file's "
                 "soundness; full: a commit is on disk when acknowledged (slower; README, Durability)")
      ->envname("KMHUB_SQLITE_SYNCHRONOUS")
      ->check(CLI::IsMember({"normal", "full"}))
      ->capture_default_str();
  app.add_option("--sqlite-wal-restart-pages", config.database.sqlite_wal_restart_pages,
                 "SQLite: pages of write-ahead log past which the checkpointer makes the log start over")
      ->envname("KMHUB_SQLITE_WAL_RESTART_PAGES")
      ->check(CLI::Range(100, 190000))
      ->capture_default_str();
  app.add_flag("--demo", config.demo, "Load the demo data set (once; later starts leave it as it is)")
      ->envname("KMHUB_DEMO");
  app.add_flag("!--no-reflection", config.server.reflection, "Do not serve gRPC server reflection")
      ->envname("KMHUB_NO_REFLECTION");
  app.add_option("--port-file", config.port_file,
                 "Write the port actually bound (useful with --listen HOST:0) to this file once serving")
      ->envname("KMHUB_PORT_FILE");
  app.add_option("--log-level", config.log_level, "trace, debug, info, warn, error or off")
      ->envname("KMHUB_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  app.add_option("--metrics-listen", config.metrics_listen,
                 "Serve Prometheus metrics at http://HOST:PORT/metrics (e.g. 127.0.0.1:9464); off when empty")
      ->envname("KMHUB_METRICS_LISTEN");
  app.add_flag("--log-json", config.log_json, "Write logs as JSON lines (one object per line) for log collectors")
      ->envname("KMHUB_LOG_JSON");

  // Security.
  app.add_flag("!--insecure-no-auth", config.server.auth.enabled,
               "Accept every call without a token, as admin. Local development only: logged loudly")
      ->envname("KMHUB_INSECURE_NO_AUTH");
  app.add_option("--tls-cert", config.tls_cert_file, "PEM certificate chain: serve TLS only")
      ->envname("KMHUB_TLS_CERT")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", config.tls_key_file, "PEM private key of --tls-cert")
      ->envname("KMHUB_TLS_KEY")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-client-ca", config.tls_client_ca_file,
                 "PEM CA bundle: require client certificates signed by it (mutual TLS)")
      ->envname("KMHUB_TLS_CLIENT_CA")
      ->check(CLI::ExistingFile);
  app.add_option("--client-cert-role", config.client_cert_roles,
                 "Grant a client certificate's subject CN a role: CN=ROLE or CN=ROLE@organisations/ID (repeatable)")
      ->envname("KMHUB_CLIENT_CERT_ROLES")
      ->delimiter(',');

  // Limits.
  app.add_option("--rate-limit", config.server.auth.rate_per_second,
                 "Requests per second each token (or certificate) may make, sustained; 0: no limit")
      ->envname("KMHUB_RATE_LIMIT")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  app.add_option("--rate-burst", config.server.auth.rate_burst, "Requests a caller may make at once above the rate")
      ->envname("KMHUB_RATE_BURST")
      ->check(CLI::Range(0.0, 1e7))
      ->capture_default_str();
  app.add_option("--max-import-rows", config.server.max_import_rows, "Most rows (vCards, plan tasks) one import may hold")
      ->envname("KMHUB_MAX_IMPORT_ROWS")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  app.add_option("--max-concurrent-streams", config.server.max_concurrent_streams,
                 "Most calls one client connection may have open at once")
      ->envname("KMHUB_MAX_CONCURRENT_STREAMS")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--max-forum-watchers", config.server.max_forum_watchers,
                 "Most WatchForum streams open at once on this server (more get RESOURCE_EXHAUSTED)")
      ->envname("KMHUB_MAX_FORUM_WATCHERS")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--forum-poll-ms", config.server.forum_poll_ms,
                 "With several servers on one PostgreSQL database: how often (ms) watchers look for posts "
                 "written through the others (0: off)")
      ->envname("KMHUB_FORUM_POLL_MS")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  app.add_option("--default-deadline-ms", config.default_deadline_ms,
                 "Deadline for calls that set none: long work stops after it")
      ->envname("KMHUB_DEFAULT_DEADLINE_MS")
      ->check(CLI::Range(100, 3600000))
      ->capture_default_str();
  app.add_option("--statement-timeout-ms", config.database.statement_timeout_ms,
                 "PostgreSQL statement_timeout for every connection; 0: none")
      ->envname("KMHUB_STATEMENT_TIMEOUT_MS")
      ->check(CLI::Range(0, 3600000))
      ->capture_default_str();
  app.add_option("--token-cache-ms", config.token_cache_ms,
                 "How long a checked token is trusted before the database is asked again (revocations on other "
                 "servers take effect within it)")
      ->envname("KMHUB_TOKEN_CACHE_MS")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
}

namespace {

Expected<std::string> ReadFile(const std::string& path, const std::string& flag) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf()))
    return InvalidArgument("UNREADABLE_FILE", flag + ": cannot read " + path, {{flag, "unreadable"}});
  return text.str();
}

}  // namespace

Outcome FinishConfig(Config& config) {
  auto& server = config.server;
  server.auth.default_deadline = std::chrono::milliseconds(config.default_deadline_ms);
  server.auth.token_cache_ttl = std::chrono::milliseconds(config.token_cache_ms);
  if (config.tls_cert_file.empty() != config.tls_key_file.empty())
    return InvalidArgument("TLS_INCOMPLETE", "--tls-cert and --tls-key go together", {{"--tls-key", "missing"}});
  if (!config.client_cert_roles.empty() && config.tls_client_ca_file.empty())
    return InvalidArgument("TLS_INCOMPLETE",
                           "--client-cert-role grants roles to client certificates, which only a mutual-TLS server "
                           "(--tls-cert, --tls-key and --tls-client-ca) asks for",
                           {{"--tls-client-ca", "missing"}});
  if (!config.tls_client_ca_file.empty() && config.tls_cert_file.empty())
    return InvalidArgument("TLS_INCOMPLETE", "--tls-client-ca needs --tls-cert and --tls-key", {{"--tls-cert", "missing"}});
  if (!config.tls_cert_file.empty()) {
    KMHUB_ASSIGN_OR_RETURN(server.tls_certificate, ReadFile(config.tls_cert_file, "--tls-cert"));
    KMHUB_ASSIGN_OR_RETURN(server.tls_private_key, ReadFile(config.tls_key_file, "--tls-key"));
  }
  if (!config.tls_client_ca_file.empty()) {
    KMHUB_ASSIGN_OR_RETURN(server.tls_client_ca, ReadFile(config.tls_client_ca_file, "--tls-client-ca"));
  }
  for (const auto& grant : config.client_cert_roles) {
    const auto eq = grant.rfind('=');
    if (eq == std::string::npos || eq == 0)
      return InvalidArgument("BAD_CERT_ROLE", "--client-cert-role '" + grant + "': expected CN=ROLE[@organisations/ID]",
                             {{"--client-cert-role", "malformed"}});
    std::string role_text = grant.substr(eq + 1);
    api::CertificateGrant parsed;
    if (const auto at = role_text.find('@'); at != std::string::npos) {
      KMHUB_ASSIGN_OR_RETURN(parsed.organisation, ParseOrganisationName(role_text.substr(at + 1), "--client-cert-role"));
      role_text.resize(at);
    }
    KMHUB_ASSIGN_OR_RETURN(parsed.role, domain::ParseRole(role_text));
    server.auth.certificate_grants[grant.substr(0, eq)] = parsed;
  }
  return Ok{};
}

}  // namespace kmhub::server
