#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

// kmhub project create|get|list|update|set-state|delete|status|update-status|milestone …,
// and kmhub portfolio.
void AddProjectCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
