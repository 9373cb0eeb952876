#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

// kmhub org create|get|list|update|delete
void AddOrganisationCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
