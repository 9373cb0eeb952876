#include "server/config.h"

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
}

}  // namespace kmhub::server
