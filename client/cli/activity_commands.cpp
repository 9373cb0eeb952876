#include "client/cli/activity_commands.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "client/platform.h"

namespace kmhub::cli {

namespace {

struct ActivityFlags {
  std::string file;
  bool dry_run = false;
};

int Import(CommandContext& ctx, const ActivityFlags& f) {
  std::ifstream in(f.file, std::ios::binary);
  if (!in) return ctx.BadInput("cannot read " + f.file);
  std::error_code size_error;
  const auto total = std::filesystem::file_size(f.file, size_error);
  // A progress bar only for people watching, and only for files worth waiting on.
  const bool show = client::IsTerminal(stderr) && !size_error && total > (4u << 20);
  auto progress = [&](std::size_t sent) {
    if (!show) return;
    const int width = 40, done = static_cast<int>(width * static_cast<double>(sent) / static_cast<double>(total));
    std::fprintf(stderr, "\r[%s%s] %3d%% sending", std::string(static_cast<std::size_t>(done), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - done), ' ').c_str(),
                 static_cast<int>(100.0 * static_cast<double>(sent) / static_cast<double>(total)));
  };
  kmhub::v1::ImportActivityResponse out;
  const auto status = ctx.client().ImportActivity(in, f.dry_run, progress, &out);
  if (show) std::fprintf(stderr, "\n");
  if (!status.ok()) {
    const auto details = client::ParseErrorDetails(status);
    const int code = ctx.Fail(status);
    for (const auto& [field, reason] : details.field_violations) std::cerr << "  " << field << ": " << reason << '\n';
    return code;
  }
  Table table{{"Rows read", "Rows written", "Replacing earlier figures", "Dry run"}, {}};
  table.rows.push_back({std::to_string(out.rows_read()), std::to_string(out.rows_written()),
                        std::to_string(out.rows_replaced()), out.dry_run() ? "yes (nothing written)" : "no"});
  return ctx.EmitOne(out, table);
}

int ImportCatalogue(CommandContext& ctx, const ActivityFlags& f) {
  std::ifstream in(f.file, std::ios::binary);
  if (!in) return ctx.BadInput("cannot read " + f.file);
  kmhub::v1::ImportProceduresRequest request;
  request.set_csv_data(std::string(std::istreambuf_iterator<char>(in), {}));
  request.set_dry_run(f.dry_run);
  kmhub::v1::ImportProceduresResponse out;
  if (const auto status = ctx.client().ImportProcedures(request, &out); !status.ok()) {
    const auto details = client::ParseErrorDetails(status);
    const int code = ctx.Fail(status);
    for (const auto& [field, reason] : details.field_violations) std::cerr << "  " << field << ": " << reason << '\n';
    return code;
  }
  Table table{{"Rows read", "Procedures", "Tariffs", "Dry run"}, {}};
  table.rows.push_back({std::to_string(out.rows_read()), std::to_string(out.procedures()), std::to_string(out.tariffs()),
                        out.dry_run() ? "yes (nothing written)" : "no"});
  return ctx.EmitOne(out, table);
}

}  // namespace

void AddActivityCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<ActivityFlags>();
  auto* activity = app.add_subcommand("activity", "Patient activity (aggregate counts only)");
  activity->require_subcommand(1);
  auto* import = activity->add_subcommand(
      "import", "Import organisation,procedure,month,count[,cost] rows (admin); all or nothing");
  import->add_option("file", f->file, "CSV file")->required()->check(CLI::ExistingFile);
  import->add_flag("--dry-run", f->dry_run, "Validate every row, write nothing");
  import->callback([&ctx, f] { ctx.exit_code = Import(ctx, *f); });

  auto* procedures = app.add_subcommand("procedures", "The procedure catalogue (OPCS-4, HRG4) and tariffs");
  procedures->require_subcommand(1);
  auto* catalogue = procedures->add_subcommand(
      "import", "Import code,description,financial_year,tariff rows (admin); all or nothing");
  catalogue->add_option("file", f->file, "CSV file")->required()->check(CLI::ExistingFile);
  catalogue->add_flag("--dry-run", f->dry_run, "Validate every row, write nothing");
  catalogue->callback([&ctx, f] { ctx.exit_code = ImportCatalogue(ctx, *f); });
}

}  // namespace kmhub::cli
