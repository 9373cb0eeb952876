#pragma once
// kmhub-server's configuration: every option is a flag and an environment variable.

#include <string>

#include <CLI/CLI.hpp>

#include "server/api/server_builder.h"
#include "server/store/database.h"

namespace kmhub::server {

struct Config {
  api::ServerOptions server;
  store::DatabaseOptions database;
  bool demo = false;
  int shutdown_grace_seconds = 10;
  std::string log_level = "info";
  std::string port_file;
};

// Registers every option on `app`, bound to `config`.
void AddOptions(CLI::App& app, Config& config);

}  // namespace kmhub::server
