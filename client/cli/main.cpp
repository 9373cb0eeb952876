// kmhub: the command-line client of the kmhub server.

#include <CLI/CLI.hpp>

#include <iostream>

#include "client/cli/access_commands.h"
#include "client/cli/activity_commands.h"
#include "client/cli/command_context.h"
#include "client/cli/contact_commands.h"
#include "client/cli/organisation_commands.h"
#include "client/cli/project_commands.h"
#include "client/cli/relationship_commands.h"
#include "client/cli/roi_commands.h"
#include "client/cli/survey_commands.h"
#include "client/cli/forum_commands.h"
#include "client/cli/mail_commands.h"

int main(int argc, char** argv) {
  kmhub::cli::CommandContext ctx;
  CLI::App app{"kmhub: partner relations, projects, ROI, surveys and forums of the commissioning hub"};
  app.require_subcommand(1);
  // Global options (--server, --output, --timeout) may also follow the subcommand.
  app.fallthrough();
  ctx.AddGlobalOptions(app);
  kmhub::cli::AddOrganisationCommands(app, ctx);
  kmhub::cli::AddContactCommands(app, ctx);
  kmhub::cli::AddRelationshipCommands(app, ctx);
  kmhub::cli::AddProjectCommands(app, ctx);
  kmhub::cli::AddAccessCommands(app, ctx);
  kmhub::cli::AddRoiCommands(app, ctx);
  kmhub::cli::AddActivityCommands(app, ctx);
  kmhub::cli::AddSurveyCommands(app, ctx);
  kmhub::cli::AddForumCommands(app, ctx);
  kmhub::cli::AddMailCommands(app, ctx);
  // The deepest command given ("kmhub project milestone"), for the messages below.
  const auto deepest = [&app]() {
    std::pair<CLI::App*, std::string> found{&app, "kmhub"};
    for (auto parsed = app.get_subcommands(); !parsed.empty(); parsed = found.first->get_subcommands()) {
      found.first = parsed.front();
      found.second += " " + found.first->get_name();
    }
    return found;
  };
  // A mistake on the command line: one line, in the same words as every other failure.
  const auto bad_command_line = [](const std::string& what, const std::string& path) {
    std::cerr << "kmhub: " << what << " (" << path << " --help says how)\n";
    return kmhub::cli::kExitBadInput;
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::RequiredError& e) {
    // CLI11 says "A subcommand is required" both for a word that is no command ("kmhub indicator
    // list") and for a command given without its subcommand ("kmhub org"): say which, and list
    // the commands there are at that level.
    const auto [level, path] = deepest();
    std::string commands;
    for (const auto* sub : level->get_subcommands([](const CLI::App*) { return true; }))
      commands += (commands.empty() ? "" : ", ") + sub->get_name();
    if (commands.empty()) return bad_command_line(e.what(), path);  // a missing option
    const auto extra = app.remaining();
    if (!extra.empty() && extra.front().rfind('-', 0) != 0)
      std::cerr << "kmhub: '" << extra.front() << "' is not a command of " << path << "; the commands are "
                << commands << " (" << path << " --help says what each does)\n";
    else
      std::cerr << "kmhub: " << path << " needs a command: " << commands << " (" << path << " --help says what each does)\n";
    return kmhub::cli::kExitBadInput;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return bad_command_line(e.what(), deepest().second);
  }
  return ctx.exit_code;
}
