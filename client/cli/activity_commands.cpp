#include "client/cli/activity_commands.h"

#include <fstream>
#include <functional>
#include <iterator>

#include "client/cli/output.h"
#include "client/cli/upload_progress.h"
#include "client/request_id.h"

namespace kmhub::cli {

namespace {

struct ActivityFlags {
  std::string file;
  std::string request_id;
  bool dry_run = false;
  std::string organisation, procedure, from, to, by = "month", year;
  int page_size = 0;
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
  // A dry run says what an import would do: nothing has been written.
  Table table{{"Rows read", out.dry_run() ? "Rows that would be written" : "Rows written",
               out.dry_run() ? "Would replace earlier figures" : "Replacing earlier figures", "Dry run"},
              {}};
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
  Table table{{"Rows read", out.dry_run() ? "Procedures to write" : "Procedures",
               out.dry_run() ? "Tariffs to write" : "Tariffs", "Dry run"},
              {}};
  table.rows.push_back({std::to_string(out.rows_read()), std::to_string(out.procedures()), std::to_string(out.tariffs()),
                        out.dry_run() ? "yes (nothing written)" : "no"});
  return ctx.EmitOne(out, table);
}

int List(CommandContext& ctx, const ActivityFlags& f) {
  kmhub::v1::ListActivityRequest request;
  if (!f.organisation.empty()) request.set_organisation(OrganisationArgument(f.organisation));
  request.set_procedure(f.procedure);
  request.set_from_month(f.from);
  request.set_to_month(f.to);
  if (f.by == "month") request.set_group_by(kmhub::v1::ACTIVITY_GROUPING_MONTH);
  else if (f.by == "procedure") request.set_group_by(kmhub::v1::ACTIVITY_GROUPING_PROCEDURE);
  else if (f.by == "organisation") request.set_group_by(kmhub::v1::ACTIVITY_GROUPING_ORGANISATION);
  else return ctx.BadInput("--by is month, procedure or organisation, not '" + f.by + "'");
  request.set_page_size(f.page_size);
  // Every page: the listing is a summary, at most a row per month, procedure or organisation.
  kmhub::v1::ListActivityResponse all, page;
  do {
    page.Clear();
    if (auto status = ctx.client().ListActivity(request, &page); !status.ok()) return ctx.Fail(status);
    for (const auto& t : page.totals()) *all.add_totals() = t;
    all.set_procedures(page.procedures());
    all.set_cost_pence(page.cost_pence());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  const std::string key = f.by == "month" ? "MONTH" : f.by == "procedure" ? "PROCEDURE" : "ORGANISATION";
  Table table{{key, f.by == "month" ? "" : "NAME", "PROCEDURES", "COST"}, {}};
  if (f.by == "month") table.headers.erase(table.headers.begin() + 1);
  for (const auto& t : all.totals()) {
    std::vector<std::string> row{t.key()};
    if (f.by != "month") row.push_back(t.label());
    row.push_back(std::to_string(t.procedures()));
    row.push_back(Money(t.cost_pence()));
    table.rows.push_back(std::move(row));
  }
  if (ctx.format() != OutputFormat::kTable) {
    // CSV and JSON are data: pence as a number, no total row.
    Table data{{"key", "label", "procedures", "cost_pence"}, {}};
    for (const auto& t : all.totals())
      data.rows.push_back({t.key(), t.label(), std::to_string(t.procedures()), std::to_string(t.cost_pence())});
    return ctx.EmitList(all, data);
  }
  PrintTable(std::cout, table);
  std::cout << "\nTotal: " << all.procedures() << " procedure(s), " << Money(all.cost_pence()) << '\n';
  return kExitOk;
}

int Procedures(CommandContext& ctx, const ActivityFlags& f) {
  kmhub::v1::ListProceduresRequest request;
  request.set_financial_year(f.year);
  request.set_page_size(f.page_size);
  kmhub::v1::ListProceduresResponse all, page;
  do {
    page.Clear();
    if (auto status = ctx.client().ListProcedures(request, &page); !status.ok()) return ctx.Fail(status);
    for (const auto& p : page.procedures()) *all.add_procedures() = p;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  Table table{{"CODE", "KIND", "DESCRIPTION", "YEAR", "TARIFF"}, {}};
  Table data{{"code", "kind", "description", "financial_year", "tariff_pence"}, {}};
  for (const auto& p : all.procedures()) {
    if (p.tariffs().empty()) {
      table.rows.push_back({p.display_code(), p.kind(), p.description(), "-", "-"});
      data.rows.push_back({p.code(), p.kind(), p.description(), "", ""});
    }
    for (const auto& t : p.tariffs()) {
      table.rows.push_back({p.display_code(), p.kind(), p.description(), t.label(), Money(t.tariff_pence())});
      data.rows.push_back({p.code(), p.kind(), p.description(), t.label(), std::to_string(t.tariff_pence())});
    }
  }
  return ctx.EmitList(all, ctx.format() == OutputFormat::kTable ? table : data);
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
  auto* list = activity->add_subcommand("list", "Activity stored, summed by month, procedure or organisation");
  list->add_option("--org", f->organisation, "Only this organisation (ID or organisations/ID)");
  list->add_option("--procedure", f->procedure, "Only this procedure (W37.1, HB12C)");
  list->add_option("--from", f->from, "First month, YYYY-MM");
  list->add_option("--to", f->to, "Last month, YYYY-MM");
  list->add_option("--by", f->by, "month (default), procedure or organisation");
  list->callback([&ctx, f] { ctx.exit_code = List(ctx, *f); });

  auto* procedures = app.add_subcommand("procedures", "The procedure catalogue (OPCS-4, HRG4) and tariffs");
  procedures->require_subcommand(1);
  auto* catalogue_list = procedures->add_subcommand("list", "The catalogue with its tariffs, by code");
  catalogue_list->add_option("--year", f->year, "Only this financial year's tariffs: 2009/10, 2009-10 or 2009");
  catalogue_list->callback([&ctx, f] { ctx.exit_code = Procedures(ctx, *f); });
  auto* catalogue = procedures->add_subcommand(
      "import", "Import code,description,financial_year,tariff rows (admin); all or nothing");
  catalogue->add_option("file", f->file, "CSV file")->required()->check(CLI::ExistingFile);
  catalogue->add_flag("--dry-run", f->dry_run, "Validate every row, write nothing");
  catalogue->callback([&ctx, f] { ctx.exit_code = ImportCatalogue(ctx, *f); });
}

}  // namespace kmhub::cli
