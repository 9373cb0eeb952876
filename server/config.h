#pragma once
// kmhub-server's configuration: every option is a flag and an environment variable.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "server/server_builder.h"
#include "server/platform/db/database.h"

namespace kmhub::server {

struct Config {
  api::ServerOptions server;
  store::DatabaseOptions database;
  bool demo = false;
  int shutdown_grace_seconds = 10;
  std::string log_level = "info";
  std::string port_file;
  bool log_json = false;
  std::string metrics_listen;  // "" : no metrics endpoint
  // Files named by flags; read into server.tls_* by LoadTlsFiles.
  std::string tls_cert_file, tls_key_file, tls_client_ca_file;
  std::vector<std::string> client_cert_roles;  // "CN=ROLE" or "CN=ROLE@organisations/ID"
  int default_deadline_ms = 30000;
  int token_cache_ms = 5000;
};

// Reads the TLS files and parses --client-cert-role into config.server; an error names the flag.
Outcome FinishConfig(Config& config);

// Registers every option on `app`, bound to `config`.
void AddOptions(CLI::App& app, Config& config);

}  // namespace kmhub::server
