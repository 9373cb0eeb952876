#include "tests/support/test_certificates.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kmhub::testing {

namespace {

void Sh(const std::string& dir, const std::string& command) {
  const std::string line = "cd '" + dir + "' && " + command + " >/dev/null 2>&1";
  if (std::system(line.c_str()) != 0) throw std::runtime_error("openssl failed: " + command);
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr const char* kKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

void MakeCa(const std::string& dir, const std::string& name) {
  Sh(dir, std::string("openssl req -x509 ") + kKey + " -keyout " + name + ".key -out " + name + ".crt -days 1 -subj /CN=" +
              name + " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign");
}

void MakeLeaf(const std::string& dir, const std::string& ca, const std::string& name, const std::string& cn,
              const std::string& extensions) {
  std::ofstream(dir + "/" + name + ".ext") << extensions << "\n";
  Sh(dir, std::string("openssl req -new ") + kKey + " -keyout " + name + ".key -out " + name + ".csr -subj /CN=" + cn);
  Sh(dir, "openssl x509 -req -in " + name + ".csr -CA " + ca + ".crt -CAkey " + ca + ".key -CAcreateserial -out " +
              name + ".crt -days 1 -extfile " + name + ".ext");
}

}  // namespace

TestCertificates MakeTestCertificates() {
  char pattern[] = "/tmp/kmhub-pki-XXXXXX";
  const char* made = mkdtemp(pattern);
  if (!made) throw std::runtime_error("cannot make a temporary directory");
  TestCertificates c;
  c.dir = made;
  MakeCa(c.dir, "ca");
  MakeCa(c.dir, "rogue-ca");
  MakeLeaf(c.dir, "ca", "server", "localhost",
           "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
  MakeLeaf(c.dir, "ca", "client", "ledger-sync", "extendedKeyUsage=clientAuth");
  MakeLeaf(c.dir, "rogue-ca", "rogue-client", "ledger-sync", "extendedKeyUsage=clientAuth");
  c.ca_pem = Slurp(c.path("ca.crt"));
  c.server_cert_pem = Slurp(c.path("server.crt"));
  c.server_key_pem = Slurp(c.path("server.key"));
  c.client_cert_pem = Slurp(c.path("client.crt"));
  c.client_key_pem = Slurp(c.path("client.key"));
  c.rogue_ca_pem = Slurp(c.path("rogue-ca.crt"));
  c.rogue_client_cert_pem = Slurp(c.path("rogue-client.crt"));
  c.rogue_client_key_pem = Slurp(c.path("rogue-client.key"));
  return c;
}

}  // namespace kmhub::testing
