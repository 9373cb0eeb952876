#pragma once
// An in-process kmhub server on 127.0.0.1:0 over a TestDatabase, with a client connected
// that carries an admin token (issued straight into the store, as the bootstrap command does).

#include <memory>

#include "client/kmhub_client.h"
#include "server/server_builder.h"
#include "tests/support/test_database.h"

namespace kmhub::testing {

class TestServer {
 public:
  explicit TestServer(Backend backend, api::ServerOptions options = {});
  ~TestServer();

  client::KmhubClient& client() { return *client_; }
  const std::string& admin_token() const { return admin_token_; }
  // Issues a token in the store and returns its secret.
  std::string IssueToken(domain::Role role, std::int64_t organisation = 0, const std::string& name = "test");
  // A client of this server with the given token ("" for none) and options.
  std::unique_ptr<client::KmhubClient> ClientWith(const std::string& token, client::ClientOptions options = {});
  TestDatabase& database() { return database_; }
  std::string address() const { return server_->address(); }
  api::KmhubServer& server() { return *server_; }

 private:
  TestDatabase database_;
  std::unique_ptr<api::KmhubServer> server_;
  std::unique_ptr<client::KmhubClient> client_;
  std::string admin_token_;
};

// google.rpc details of a failed status, for assertions.
struct StatusDetails {
  std::string reason;
  std::string domain;
  std::vector<std::string> violation_fields;
};
StatusDetails DetailsOf(const grpc::Status& status);

// Creates an organisation through the API (REQUIREs success) and returns its name.
std::string CreateOrganisation(client::KmhubClient& client, const std::string& display_name,
                               kmhub::v1::OrganisationKind kind, const std::string& ods_code = "");
// Creates a contact of `organisation` through the API (REQUIREs success) and returns its name.
std::string CreateContact(client::KmhubClient& client, const std::string& organisation, const std::string& given,
                          const std::string& family, kmhub::v1::ClinicalRole role);
// 42 for "organisations/42".
std::int64_t IdOf(const std::string& name);

}  // namespace kmhub::testing
