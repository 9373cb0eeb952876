#pragma once
// An in-process kmhub server on 127.0.0.1:0 over a TestDatabase, with a client connected.

#include <memory>

#include "client/kmhub_client.h"
#include "server/api/server_builder.h"
#include "tests/support/test_database.h"

namespace kmhub::testing {

class TestServer {
 public:
  explicit TestServer(Backend backend, api::ServerOptions options = {});
  ~TestServer();

  client::KmhubClient& client() { return *client_; }
  TestDatabase& database() { return database_; }
  std::string address() const { return server_->address(); }
  api::KmhubServer& server() { return *server_; }

 private:
  TestDatabase database_;
  std::unique_ptr<api::KmhubServer> server_;
  std::unique_ptr<client::KmhubClient> client_;
};

// google.rpc details of a failed status, for assertions.
struct StatusDetails {
  std::string reason;
  std::string domain;
  std::vector<std::string> violation_fields;
};
StatusDetails DetailsOf(const grpc::Status& status);

}  // namespace kmhub::testing
