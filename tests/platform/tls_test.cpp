// TLS and mutual TLS, with a CA and certificates made by openssl for this run.

#include <catch2/catch.hpp>

#include "tests/support/test_certificates.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

client::ClientOptions Tls(const std::string& ca, const std::string& cert = "", const std::string& key = "") {
  client::ClientOptions options;
  options.tls = true;
  options.tls_ca_pem = ca;
  options.tls_certificate_pem = cert;
  options.tls_private_key_pem = key;
  options.max_attempts = 1;
  return options;
}

grpc::StatusCode CallerOf(client::KmhubClient& client, kmhub::v1::Caller* me) {
  return client.GetCaller(me).error_code();
}

}  // namespace

TEST_CASE("TLS: the server speaks only TLS, to clients that trust its CA") {
  const auto pki = MakeTestCertificates();
  api::ServerOptions options;
  options.tls_certificate = pki.server_cert_pem;
  options.tls_private_key = pki.server_key_pem;
  TestServer server(Backend::kSqlite, options);
  kmhub::v1::Caller me;

  auto trusted = server.ClientWith(server.admin_token(), Tls(pki.ca_pem));
  REQUIRE(CallerOf(*trusted, &me) == grpc::StatusCode::OK);
  CHECK(me.role() == kmhub::v1::ROLE_ADMIN);

  client::ClientOptions plain;
  plain.max_attempts = 1;
  auto plaintext = server.ClientWith(server.admin_token(), plain);
  CHECK(CallerOf(*plaintext, &me) == grpc::StatusCode::UNAVAILABLE);

  auto wrong_ca = server.ClientWith(server.admin_token(), Tls(pki.rogue_ca_pem));
  CHECK(CallerOf(*wrong_ca, &me) == grpc::StatusCode::UNAVAILABLE);

  // TLS protects the token in transit; it does not replace it.
  auto no_token = server.ClientWith("", Tls(pki.ca_pem));
  CHECK(CallerOf(*no_token, &me) == grpc::StatusCode::UNAUTHENTICATED);
}

TEST_CASE("mutual TLS: a client certificate is required, checked, and its subject may carry a role") {
  const auto pki = MakeTestCertificates();
  api::ServerOptions options;
  options.tls_certificate = pki.server_cert_pem;
  options.tls_private_key = pki.server_key_pem;
  options.tls_client_ca = pki.ca_pem;
  options.auth.certificate_grants["ledger-sync"] = {domain::Role::kViewer, 0};
  TestServer server(Backend::kSqlite, options);
  kmhub::v1::Caller me;

  auto no_certificate = server.ClientWith(server.admin_token(), Tls(pki.ca_pem));
  CHECK(CallerOf(*no_certificate, &me) == grpc::StatusCode::UNAVAILABLE);

  auto rogue = server.ClientWith(server.admin_token(),
                                 Tls(pki.ca_pem, pki.rogue_client_cert_pem, pki.rogue_client_key_pem));
  CHECK(CallerOf(*rogue, &me) == grpc::StatusCode::UNAVAILABLE);

  // The certificate alone: the viewer role its subject was granted.
  auto service = server.ClientWith("", Tls(pki.ca_pem, pki.client_cert_pem, pki.client_key_pem));
  REQUIRE(CallerOf(*service, &me) == grpc::StatusCode::OK);
  CHECK(me.display_name() == "certificate CN=ledger-sync");
  CHECK(me.role() == kmhub::v1::ROLE_VIEWER);
  kmhub::v1::CreateOrganisationRequest create;
  create.mutable_organisation()->set_display_name("Ledger Partner");
  create.mutable_organisation()->set_kind(kmhub::v1::ORGANISATION_KIND_OTHER);
  kmhub::v1::Organisation org;
  CHECK(service->CreateOrganisation(create, &org).error_code() == grpc::StatusCode::PERMISSION_DENIED);

  // A token sent over the same connection speaks for itself.
  auto admin = server.ClientWith(server.admin_token(), Tls(pki.ca_pem, pki.client_cert_pem, pki.client_key_pem));
  REQUIRE(CallerOf(*admin, &me) == grpc::StatusCode::OK);
  CHECK(me.role() == kmhub::v1::ROLE_ADMIN);
}

TEST_CASE("mutual TLS: a valid certificate whose subject has no role is refused") {
  const auto pki = MakeTestCertificates();
  api::ServerOptions options;
  options.tls_certificate = pki.server_cert_pem;
  options.tls_private_key = pki.server_key_pem;
  options.tls_client_ca = pki.ca_pem;
  TestServer server(Backend::kSqlite, options);
  kmhub::v1::Caller me;
  auto service = server.ClientWith("", Tls(pki.ca_pem, pki.client_cert_pem, pki.client_key_pem));
  const auto status = service->GetCaller(&me);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(DetailsOf(status).reason == "CERTIFICATE_NOT_GRANTED");
}
