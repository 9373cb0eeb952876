#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

// kmhub contact add|get|list|update|delete, and kmhub contacts import|export (vCard).
void AddContactCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
