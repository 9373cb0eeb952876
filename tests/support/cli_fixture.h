#pragma once
// End-to-end tests of the CLI: a real kmhub-server over a fresh database (SQLite or PostgreSQL)
// with the README's bootstrap admin token, and the kmhub binary run against it. Needs
// KMHUB_SERVER_BIN and KMHUB_CLI_BIN defined by the suite.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "tests/support/process.h"
#include "tests/support/test_database.h"

namespace kmhub::testing {

// A running server over a fresh database, and a way to call the CLI against it.
// The README's bootstrap: the first admin token, created against the database before the
// server starts. Its secret is the only line on standard output.
// The first line of `text` that starts with `prefix` ("" when none): table rows are checked by
// their first columns and what the row holds, whatever width the other rows give the columns.
inline std::string LineStarting(const std::string& text, const std::string& prefix) {
  for (std::size_t at = 0; at < text.size();) {
    const auto end = std::min(text.find('\n', at), text.size());
    if (text.compare(at, prefix.size(), prefix) == 0) return text.substr(at, end - at);
    at = end + 1;
  }
  return "";
}

inline std::string BootstrapToken(const std::string& database_url, const std::string& extra = "") {
  const auto r = Run(std::string(KMHUB_SERVER_BIN) + " --database=" + Quote(database_url) +
                     " token create --role admin --name cli-tests " + extra);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.out.size() == 6 + 43 + 1);  // "kmhub_" + 43 characters + newline
  return r.out.substr(0, r.out.size() - 1);
}

struct Fixture {
  explicit Fixture(Backend backend, bool demo = true)
      : database(backend, 1),
        token(BootstrapToken(database.url())),
        server({"--database=" + database.url(), demo ? "--demo" : "--threads=2"}) {}
  CommandResult Kmhub(const std::string& args) const { return KmhubWithToken(token, args); }
  CommandResult KmhubWithToken(const std::string& secret, const std::string& args) const {
    return Run("KMHUB_TOKEN=" + Quote(secret) + " " + std::string(KMHUB_CLI_BIN) + " --server " + server.address() +
               " " + args);
  }
  TestDatabase database;
  std::string token;
  ServerProcess server;
};

}  // namespace kmhub::testing
