#pragma once
// Assembles the gRPC server: every kmhub service, health checking, reflection, per-RPC
// logging, capped worker threads and message size limits. Used by main and by the API tests.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "server/platform/rpc/authorizer.h"
#include "server/platform/db/database.h"
#include "shared/error.h"

namespace kmhub::api {

struct ServerOptions {
  std::string listen_address = "127.0.0.1:50051";  // port 0 picks a free port
  int worker_threads = 16;
  int max_message_bytes = 4 * 1024 * 1024;
  int max_page_size = 500;
  int max_import_rows = 50000;
  int max_concurrent_streams = 100;  // per HTTP/2 connection
  int max_forum_watchers = 1000;     // WatchForum streams per server
  // Posts waiting to be sent to one watcher before it is ended (WATCH_TOO_SLOW); tests lower it.
  int max_watch_backlog = 1000;
  // > 0: every this many ms, while anyone watches, look for posts written through other servers
  // of the same database (several servers behind a load balancer). 0: this server only.
  int forum_poll_ms = 0;
  bool reflection = true;
  AuthOptions auth;
  // PEM texts. With a certificate and key the server speaks only TLS; adding a client CA makes
  // it require and verify client certificates (mutual TLS).
  std::string tls_certificate, tls_private_key, tls_client_ca;
};

// The most threads gRPC may run sync calls on for `worker_threads` workers: calls past it at
// once are refused with RESOURCE_EXHAUSTED (server_builder.cpp says why this many).
constexpr int MaxServerThreads(int worker_threads) { return 4 * worker_threads + 16; }

class KmhubServer {
 public:
  static Expected<std::unique_ptr<KmhubServer>> Start(const ServerOptions& options,
                                                      std::shared_ptr<store::Database> db);
  ~KmhubServer();

  int port() const { return port_; }
  Authorizer& authorizer() { return *authorizer_; }
  // Open WatchForum streams.
  std::size_t forum_watchers() const;
  std::string address() const;
  // Health: SERVING or NOT_SERVING for the overall server and every service. A database that
  // SQLite finds damaged during a call sets NOT_SERVING for good (and is logged once, loudly).
  void SetServing(bool serving);
  // Stops accepting calls; in-flight calls get until `grace` to finish, then are cancelled.
  void Shutdown(std::chrono::milliseconds grace);
  void Wait();

 private:
  KmhubServer() = default;
  std::unique_ptr<Authorizer> authorizer_;  // outlives the services that hold a reference
  std::shared_ptr<class ForumFeed> forum_feed_;  // closed first on shutdown: watchers end cleanly
  std::vector<std::unique_ptr<grpc::Service>> services_;
  // Streams (WatchForum, health Watch) served with the async API; shut down after server_, in
  // Shutdown, which also deletes its calls.
  std::unique_ptr<class AsyncQueue> streams_;
  std::unique_ptr<class AsyncQueue> post_calls_;  // CreateForumPost (async_queue.h says why apart)
  std::unique_ptr<class ForumWatches> forum_watches_;
  std::unique_ptr<class ForumPostCalls> forum_posts_;
  class ForumApi* forum_api_ = nullptr;  // one of services_
  class HealthApi* health_ = nullptr;  // one of services_
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<store::Database> db_;  // told to stop reporting damage here on shutdown
  std::string host_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace kmhub::api
