#pragma once
// `kmhub survey …`: the surveys, their waves and results, and the admin import tooling
// (import, list imports, undo).

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

void AddSurveyCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
