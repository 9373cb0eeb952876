#pragma once
// kmhub-server's offline subcommands: `token create` (the bootstrap path for the first admin
// token), `backup` (an online copy of a SQLite database) and `check` (its integrity).

#include <string>

#include "server/config.h"

namespace kmhub::server {

struct TokenCreateArgs {
  std::string role;
  std::string display_name = "bootstrap";
  std::string organisation;  // "organisations/ID" or ""
  int ttl_days = 0;
};

// Opens and migrates the database, creates the token, prints its secret on stdout (alone on
// its line, for scripts) and what it is on stderr. Exit code 0, or 1 with a message.
int RunTokenCreate(const Config& config, const TokenCreateArgs& args);

// Exit code 0 once PATH holds a checked copy; 1 with a message otherwise.
int RunBackup(const Config& config, const std::string& path);

// `check`: the full integrity check (SQLite's integrity_check) of the database, beside a running
// server or not. Exit code 0 when sound; 1 with what was found and how to recover.
int RunCheck(const Config& config);

// What to do about a damaged SQLite file at `path`, for the messages of `check` and of a server
// that refuses to start.
std::string RecoveryAdvice(const std::string& path);

}  // namespace kmhub::server
