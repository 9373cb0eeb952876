#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

// kmhub relationship create|get|list|update|delete
void AddRelationshipCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
