#pragma once
// Assembles the gRPC server: every kmhub service, health checking, reflection, per-RPC
// logging, capped worker threads and message size limits. Used by main and by the API tests.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "server/store/database.h"
#include "shared/error.h"

namespace kmhub::api {

struct ServerOptions {
  std::string listen_address = "127.0.0.1:50051";  // port 0 picks a free port
  int worker_threads = 16;
  int max_message_bytes = 4 * 1024 * 1024;
  int max_page_size = 500;
  bool reflection = true;
};

class KmhubServer {
 public:
  static Expected<std::unique_ptr<KmhubServer>> Start(const ServerOptions& options,
                                                      std::shared_ptr<store::Database> db);
  ~KmhubServer();

  int port() const { return port_; }
  std::string address() const;
  // Health: SERVING or NOT_SERVING for the overall server and every service.
  void SetServing(bool serving);
  // Stops accepting calls; in-flight calls get until `grace` to finish, then are cancelled.
  void Shutdown(std::chrono::milliseconds grace);
  void Wait();

 private:
  KmhubServer() = default;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  std::string host_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace kmhub::api
