#pragma once
// `kmhub roi CODE`: a project's procedures per £ before, during and after it.

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

void AddRoiCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
