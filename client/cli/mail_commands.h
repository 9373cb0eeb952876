#pragma once
// `kmhub mail …`: partner e-mail folders, imports of mail archives, threads.

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

void AddMailCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
