#include "client/cli/relationship_commands.h"

#include <map>

#include "client/cli/enum_names.h"

namespace kmhub::cli {

namespace {

using kmhub::v1::Relationship;

struct RelationshipFlags {
  std::string name, organisation, related, type, start, end, description, etag, active_on, page_token;
  int page_size = 0;
  bool all = false;
};

const google::protobuf::EnumDescriptor* TypeType() { return kmhub::v1::RelationshipType_descriptor(); }

// A table for people: "(open)" for no end date. CSV and JSON leave it empty.
std::vector<std::string> Row(const Relationship& r) {
  return {r.name(), r.organisation(), EnumLabel(TypeType(), r.type()), r.related_organisation(), r.start_date(),
          r.end_date().empty() ? "(open)" : r.end_date(), r.description()};
}

Table ListTable() { return {{"NAME", "ORGANISATION", "TYPE", "RELATED", "START", "END", "DESCRIPTION"}, {}}; }

// Organisation names beside their resource names, read once per organisation listed.
class OrganisationNames {
 public:
  explicit OrganisationNames(CommandContext& ctx) : ctx_(ctx) {}
  const std::string& operator()(const std::string& name) {
    auto [it, fresh] = names_.try_emplace(name);
    if (fresh) {
      kmhub::v1::Organisation org;
      if (ctx_.client().GetOrganisation(name, &org).ok()) it->second = org.display_name();
    }
    return it->second;
  }

 private:
  CommandContext& ctx_;
  std::map<std::string, std::string> names_;
};

Table RecordTable(const Relationship& r) {
  Table t{{"Name", "Organisation", "Type", "Related organisation", "Start", "End", "Description", "Etag"}, {}};
  auto row = Row(r);
  row.push_back(r.etag());
  t.rows.push_back(row);
  return t;
}

bool ParseType(CommandContext& ctx, const std::string& text, Relationship* r) {
  if (text.empty()) return true;
  const auto type = ParseEnum(TypeType(), text);
  if (!type) {
    ctx.exit_code = ctx.BadInput("unknown relationship type '" + text + "'; use one of: " + EnumChoices(TypeType()));
    return false;
  }
  r->set_type(static_cast<kmhub::v1::RelationshipType>(*type));
  return true;
}

int Create(CommandContext& ctx, const RelationshipFlags& f) {
  kmhub::v1::CreateRelationshipRequest request;
  auto* r = request.mutable_relationship();
  r->set_organisation(OrganisationArgument(f.organisation));
  r->set_related_organisation(OrganisationArgument(f.related));
  if (!ParseType(ctx, f.type, r)) return ctx.exit_code;
  r->set_start_date(f.start);
  r->set_end_date(f.end);
  r->set_description(f.description);
  Relationship created;
  if (auto status = ctx.client().CreateRelationship(request, &created); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(created, RecordTable(created));
}

int Get(CommandContext& ctx, const RelationshipFlags& f) {
  Relationship r;
  if (auto status = ctx.client().GetRelationship(RelationshipArgument(f.name), &r); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(r, RecordTable(r));
}

int List(CommandContext& ctx, const RelationshipFlags& f) {
  kmhub::v1::ListRelationshipsRequest request;
  if (!f.organisation.empty()) request.set_organisation(OrganisationArgument(f.organisation));
  Relationship type_holder;
  if (!ParseType(ctx, f.type, &type_holder)) return ctx.exit_code;
  request.set_type(type_holder.type());
  request.set_active_on(f.active_on);
  request.set_page_size(f.page_size);
  request.set_page_token(f.page_token);
  kmhub::v1::ListRelationshipsResponse all;
  auto status = FetchPages(
      request, f.all, &all,
      [&](const auto& r, auto* page) { return ctx.client().ListRelationships(r, page); },
      [](auto& response) { return response.mutable_relationships(); });
  if (!status.ok()) return ctx.Fail(status);
  OrganisationNames names(ctx);
  if (ctx.format() == OutputFormat::kCsv) {
    Table data{{"name", "organisation", "organisation_name", "type", "related_organisation", "related_name",
                "start_date", "end_date", "description"},
               {}};
    for (const auto& r : all.relationships())
      data.rows.push_back({r.name(), r.organisation(), names(r.organisation()), EnumLabel(TypeType(), r.type()),
                           r.related_organisation(), names(r.related_organisation()), r.start_date(), r.end_date(),
                           r.description()});
    return EmitPages(ctx, all, data);
  }
  Table table = ListTable();
  for (const auto& r : all.relationships()) {
    auto row = Row(r);
    row[1] = names(r.organisation()) + " (" + r.organisation() + ")";
    row[3] = names(r.related_organisation()) + " (" + r.related_organisation() + ")";
    table.rows.push_back(std::move(row));
  }
  return EmitPages(ctx, all, table);
}

int Update(CommandContext& ctx, const RelationshipFlags& f, const CLI::App& cmd) {
  kmhub::v1::UpdateRelationshipRequest request;
  auto* r = request.mutable_relationship();
  r->set_name(RelationshipArgument(f.name));
  r->set_etag(f.etag);
  MaskedUpdate<Relationship> update(cmd, r, request.mutable_update_mask());
  if (update.Given("--type", "type") && !ParseType(ctx, f.type, r)) return ctx.exit_code;
  update.Text("--start", "start_date", f.start, &Relationship::set_start_date);
  update.Text("--end", "end_date", f.end, &Relationship::set_end_date);
  update.Text("--description", "description", f.description, &Relationship::set_description);
  if (update.empty()) return ctx.BadInput("nothing to update: give --type, --start, --end or --description");
  Relationship updated;
  if (auto status = ctx.client().UpdateRelationship(request, &updated); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(updated, RecordTable(updated));
}

int Delete(CommandContext& ctx, const RelationshipFlags& f) {
  kmhub::v1::DeleteRelationshipRequest request;
  request.set_name(RelationshipArgument(f.name));
  request.set_etag(f.etag);
  if (auto status = ctx.client().DeleteRelationship(request); !status.ok()) return ctx.Fail(status);
  std::cerr << "deleted " << request.name() << '\n';
  return kExitOk;
}

}  // namespace

void AddRelationshipCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<RelationshipFlags>();
  const std::string types = "Type: " + EnumChoices(TypeType());
  auto* rel = app.add_subcommand("relationship", "Typed, dated relationships between organisations");
  rel->require_subcommand(1);

  auto* create = rel->add_subcommand("create", "Record a relationship");
  create->add_option("--org", f->organisation, "organisations/ID or ID")->required();
  create->add_option("--related", f->related, "The other organisation")->required();
  create->add_option("--type", f->type, types)->required();
  create->add_option("--start", f->start, "Start date YYYY-MM-DD")->required();
  create->add_option("--end", f->end, "End date YYYY-MM-DD (omit for open-ended)");
  create->add_option("--description", f->description, "What the relationship covers");
  create->callback([&ctx, f] { ctx.exit_code = Create(ctx, *f); });

  auto* get = rel->add_subcommand("get", "Show one relationship");
  get->add_option("name", f->name, "relationships/ID or ID")->required();
  get->callback([&ctx, f] { ctx.exit_code = Get(ctx, *f); });

  auto* list = rel->add_subcommand("list", "List relationships");
  list->add_option("--org", f->organisation, "Relationships on either side of this organisation");
  list->add_option("--type", f->type, types);
  list->add_option("--active-on", f->active_on, "Only those active on this date (YYYY-MM-DD)");
  list->add_option("--page-size", f->page_size, "Results per page (server default 50)");
  list->add_option("--page-token", f->page_token, "Continue from a previous page");
  list->add_flag("--all", f->all, "Fetch every page");
  list->callback([&ctx, f] { ctx.exit_code = List(ctx, *f); });

  auto* update = rel->add_subcommand("update", "Change a relationship (only the flags given)");
  update->add_option("name", f->name, "relationships/ID or ID")->required();
  update->add_option("--type", f->type, types);
  update->add_option("--start", f->start, "Start date YYYY-MM-DD");
  update->add_option("--end", f->end, "End date YYYY-MM-DD ('' for open-ended)");
  update->add_option("--description", f->description, "Description");
  update->add_option("--etag", f->etag, "Fail if it changed since this etag");
  update->callback([&ctx, f, update] { ctx.exit_code = Update(ctx, *f, *update); });

  auto* del = rel->add_subcommand("delete", "Delete a relationship");
  del->add_option("name", f->name, "relationships/ID or ID")->required();
  del->add_option("--etag", f->etag, "Fail if it changed since this etag");
  del->callback([&ctx, f] { ctx.exit_code = Delete(ctx, *f); });
}

}  // namespace kmhub::cli
