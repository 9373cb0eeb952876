#pragma once
// `kmhub token create|list|revoke`, `kmhub whoami` and `kmhub audit list`.

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

void AddAccessCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
