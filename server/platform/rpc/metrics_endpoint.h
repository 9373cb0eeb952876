#pragma once
// The Prometheus endpoint: GET /metrics on its own HTTP port (--metrics-listen), served by
// cpp-httplib on one thread, apart from the gRPC port and its workers.

#include <memory>
#include <string>
#include <thread>

#include "server/platform/db/database.h"
#include "shared/error.h"

namespace httplib {
class Server;
}

namespace kmhub::server {

class MetricsEndpoint {
 public:
  // `address` is HOST:PORT; port 0 picks a free one.
  static Expected<std::unique_ptr<MetricsEndpoint>> Start(const std::string& address,
                                                          std::shared_ptr<store::Database> db);
  ~MetricsEndpoint();
  int port() const { return port_; }

 private:
  MetricsEndpoint() = default;
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  std::shared_ptr<store::Database> db_;
  int port_ = 0;
};

// The text the endpoint serves: the process metrics and the database pool gauges.
std::string RenderMetrics(const store::Database& db);

}  // namespace kmhub::server
