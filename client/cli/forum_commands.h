#pragma once
// `kmhub forum …`: categories, threads and their posts, replies, answers, locks, full-text
// search, and watching a thread or category for new posts.

#include <CLI/CLI.hpp>

#include "client/cli/command_context.h"

namespace kmhub::cli {

void AddForumCommands(CLI::App& app, CommandContext& ctx);

}  // namespace kmhub::cli
