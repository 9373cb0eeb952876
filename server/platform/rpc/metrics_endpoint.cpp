#include "server/platform/rpc/metrics_endpoint.h"

#include <httplib.h>

#include "server/platform/rpc/metrics.h"
#include "shared/thread_name.h"

namespace kmhub::server {

std::string RenderMetrics(const store::Database& db) {
  std::string pool;
  pool += "# HELP kmhub_db_connections Database connections in the pool.\n";
  pool += "# TYPE kmhub_db_connections gauge\n";
  pool += "kmhub_db_connections " + std::to_string(db.pool_size()) + "\n";
  pool += "# HELP kmhub_db_connections_in_use Database connections leased by calls right now.\n";
  pool += "# TYPE kmhub_db_connections_in_use gauge\n";
  pool += "kmhub_db_connections_in_use " + std::to_string(db.connections_in_use()) + "\n";
  if (const auto log = db.sqlite_log_stats()) {
    pool += "# HELP kmhub_sqlite_log_pages Pages in SQLite's write-ahead log at the checkpointer's last pass.\n";
    pool += "# TYPE kmhub_sqlite_log_pages gauge\n";
    pool += "kmhub_sqlite_log_pages " + std::to_string(log->log_pages) + "\n";
    pool += "# HELP kmhub_sqlite_log_restarts_total Tries to make SQLite's write-ahead log start over, by outcome.\n";
    pool += "# TYPE kmhub_sqlite_log_restarts_total counter\n";
    for (const auto& [outcome, n] : {std::pair{"restarted", log->restarts}, std::pair{"reader_held", log->reader_held},
                                     std::pair{"writer_held", log->writer_held}, std::pair{"failed", log->failed}})
      pool += std::string("kmhub_sqlite_log_restarts_total{outcome=\"") + outcome + "\"} " + std::to_string(n) + "\n";
  }
  return api::Metrics::Global().Render(pool);
}

Expected<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(const std::string& address,
                                                                  std::shared_ptr<store::Database> db) {
  const auto colon = address.rfind(':');
  int requested = -1;
  try {
    if (colon != std::string::npos) requested = std::stoi(address.substr(colon + 1));
  } catch (const std::exception&) {
    requested = -1;
  }
  if (colon == std::string::npos || requested < 0 || requested > 65535)
    return InvalidArgument("BAD_ADDRESS", "--metrics-listen '" + address + "': expected HOST:PORT",
                           {{"--metrics-listen", "expected HOST:PORT"}});
  const std::string host = address.substr(0, colon);
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  endpoint->db_ = std::move(db);
  endpoint->http_ = std::make_unique<httplib::Server>();
  auto* self = endpoint.get();
  endpoint->http_->Get("/metrics", [self](const httplib::Request&, httplib::Response& res) {
    res.set_content(RenderMetrics(*self->db_), "text/plain; version=0.0.4; charset=utf-8");
  });
  endpoint->http_->set_keep_alive_max_count(10);
  endpoint->port_ = requested == 0 ? endpoint->http_->bind_to_any_port(host)
                                   : (endpoint->http_->bind_to_port(host, requested) ? requested : -1);
  if (endpoint->port_ <= 0) return Unavailable("LISTEN_FAILED", "cannot serve metrics on " + address);
  endpoint->thread_ = std::thread([self] {
    NameThisThread("kmhub-metrics");
    self->http_->listen_after_bind();
  });
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() {
  if (http_) http_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace kmhub::server
