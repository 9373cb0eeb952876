#include "tests/support/test_server.h"

#include <catch2/catch.hpp>

#include <stdexcept>

#include "google/rpc/error_details.pb.h"
#include "server/access/access_api.h"
#include "google/rpc/status.pb.h"

namespace kmhub::testing {

TestServer::TestServer(Backend backend, api::ServerOptions options) : database_(backend, 4) {
  options.listen_address = "127.0.0.1:0";
  options.worker_threads = 4;
  auto started = api::KmhubServer::Start(options, database_.db());
  if (!started) throw std::runtime_error(started.error().message);
  server_ = std::move(*started);
  admin_token_ = IssueToken(domain::Role::kAdmin, 0, "test admin");
  client_ = ClientWith(admin_token_);
}

std::string TestServer::IssueToken(domain::Role role, std::int64_t organisation, const std::string& name) {
  store::TokenStore tokens(database_.db());
  auto issued = api::IssueToken(tokens, name, role, organisation, 0, "test");
  if (!issued) throw std::runtime_error(issued.error().message);
  return issued->secret;
}

std::unique_ptr<client::KmhubClient> TestServer::ClientWith(const std::string& token, client::ClientOptions options) {
  if (options.server == client::kDefaultServer) options.server = server_->address();
  options.deadline = std::chrono::seconds(10);
  options.token = token;
  return std::make_unique<client::KmhubClient>(options);
}

TestServer::~TestServer() {
  client_.reset();
  server_->Shutdown(std::chrono::milliseconds(100));
}

StatusDetails DetailsOf(const grpc::Status& status) {
  StatusDetails out;
  google::rpc::Status rpc_status;
  if (!rpc_status.ParseFromString(status.error_details())) return out;
  for (const auto& any : rpc_status.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&info)) {
      out.reason = info.reason();
      out.domain = info.domain();
    } else if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) out.violation_fields.push_back(v.field());
    }
  }
  return out;
}

std::string CreateOrganisation(client::KmhubClient& client, const std::string& display_name,
                               kmhub::v1::OrganisationKind kind, const std::string& ods_code) {
  kmhub::v1::CreateOrganisationRequest r;
  r.mutable_organisation()->set_display_name(display_name);
  r.mutable_organisation()->set_kind(kind);
  r.mutable_organisation()->set_ods_code(ods_code);
  kmhub::v1::Organisation out;
  const auto status = client.CreateOrganisation(r, &out);
  INFO(status.error_message());
  REQUIRE(status.ok());
  return out.name();
}

std::string CreateContact(client::KmhubClient& client, const std::string& organisation, const std::string& given,
                          const std::string& family, kmhub::v1::ClinicalRole role) {
  kmhub::v1::CreateContactRequest r;
  r.set_parent(organisation);
  r.mutable_contact()->set_display_name(given + " " + family);
  r.mutable_contact()->set_given_name(given);
  r.mutable_contact()->set_family_name(family);
  r.mutable_contact()->set_clinical_role(role);
  kmhub::v1::Contact out;
  const auto status = client.CreateContact(r, &out);
  INFO(status.error_message());
  REQUIRE(status.ok());
  return out.name();
}

std::int64_t IdOf(const std::string& name) { return std::stoll(name.substr(name.rfind('/') + 1)); }

}  // namespace kmhub::testing
