#pragma once
// A throw-away PKI made with the openssl tool at test time: a CA, a server certificate for
// localhost/127.0.0.1, client certificates, and a second ("rogue") CA nobody trusts.

#include <string>

namespace kmhub::testing {

struct TestCertificates {
  std::string dir;
  std::string ca_pem, server_cert_pem, server_key_pem;
  std::string client_cert_pem, client_key_pem;        // CN=ledger-sync, signed by the CA
  std::string rogue_ca_pem;                           // a CA the server does not trust
  std::string rogue_client_cert_pem, rogue_client_key_pem;  // CN=ledger-sync, signed by the rogue CA
  std::string path(const std::string& file) const { return dir + "/" + file; }
};

// Generates everything in a new temporary directory (EC P-256 keys, valid for a day).
TestCertificates MakeTestCertificates();

}  // namespace kmhub::testing
