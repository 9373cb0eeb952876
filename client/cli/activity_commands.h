#pragma once
// `kmhub activity import FILE.csv` (admin tooling).

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

void AddActivityCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
