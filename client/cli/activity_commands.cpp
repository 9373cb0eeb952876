#include "client/cli/activity_commands.h"

#include <fstream>
#include <functional>
#include <iterator>

#include "client/cli/upload_progress.h"
#include "client/request_id.h"

namespace kmhub::cli {

namespace {

struct ActivityFlags {
  std::string file;
  std::string request_id;
  bool dry_run = false;
};

int Import(CommandContext& ctx, const ActivityFlags& f) {
  std::ifstream in(f.file, std::ios::binary);
  if (!in) return ctx.BadInput("cannot read " + f.file);
  kmhub::v1::ImportActivityChunk header;
  header.set_dry_run(f.dry_run);
  header.set_problems_in_response(true);
  header.set_request_id(f.request_id.empty() ? client::NewRequestId() : f.request_id);
  kmhub::v1::ImportActivityResponse out;
  grpc::Status status;
  {
    const UploadProgress progress(f.file);
    status = ctx.client().ImportActivity(header, in, std::cref(progress), &out);
  }
  if (!status.ok())
    return ctx.FailImport(status, "running it again is safe (it replaces the same rows with the same figures); to "
                                  "be told what the first import did, repeat this command with --request-id " +
                                      header.request_id());
  if (out.problems_size() > 0) return ctx.FailWithImportProblems(out.problems());
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
  request.set_problems_in_response(true);
  kmhub::v1::ImportProceduresResponse out;
  if (const auto status = ctx.client().ImportProcedures(request, &out); !status.ok())
    return ctx.FailImport(status, "running it again is safe: it stores the same codes and tariffs");
  if (out.problems_size() > 0) return ctx.FailWithImportProblems(out.problems());
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
  import->add_option("--request-id", f->request_id,
                     "Repeat the id an import that timed out printed: answered with that import if it completed");
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
