#include "client/cli/organisation_commands.h"

#include <google/protobuf/util/time_util.h>

#include "client/cli/enum_names.h"

namespace kmhub::cli {

namespace {

using kmhub::v1::Organisation;

struct OrganisationFlags {
  std::string name;  // resource name, for get/update/delete
  std::string display_name;
  std::string kind;
  std::string ods_code;
  std::vector<std::string> domains;
  std::vector<std::string> tags;
  std::string etag;
  bool force = false;
  // list
  std::string tag_filter;
  std::string prefix;
  std::string order_by;
  int page_size = 0;
  std::string page_token;
  bool all = false;
};

const google::protobuf::EnumDescriptor* KindType() { return kmhub::v1::OrganisationKind_descriptor(); }

std::vector<std::string> Row(const Organisation& o) {
  return {o.name(), o.display_name(), EnumLabel(KindType(), o.kind()), o.ods_code(),
          Join({o.email_domains().begin(), o.email_domains().end()}), Join({o.tags().begin(), o.tags().end()})};
}

Table ListTable() { return {{"NAME", "DISPLAY NAME", "KIND", "ODS", "E-MAIL DOMAINS", "TAGS"}, {}}; }

Table RecordTable(const Organisation& o) {
  Table t{{"Name", "Display name", "Kind", "ODS code", "E-mail domains", "Tags", "Updated", "Etag"}, {}};
  auto row = Row(o);
  row.push_back(google::protobuf::util::TimeUtil::ToString(o.update_time()));
  row.push_back(o.etag());
  t.rows.push_back(row);
  return t;
}

// Parses --kind; an empty text leaves the kind unspecified.
bool ParseKind(CommandContext& ctx, const std::string& text, Organisation* o) {
  if (text.empty()) return true;
  const auto kind = ParseEnum(KindType(), text);
  if (!kind) {
    ctx.exit_code = ctx.BadInput("unknown organisation kind '" + text + "'; use one of: " + EnumChoices(KindType()));
    return false;
  }
  o->set_kind(static_cast<kmhub::v1::OrganisationKind>(*kind));
  return true;
}

int Create(CommandContext& ctx, const OrganisationFlags& f) {
  kmhub::v1::CreateOrganisationRequest request;
  auto* o = request.mutable_organisation();
  o->set_display_name(f.display_name);
  if (!ParseKind(ctx, f.kind, o)) return ctx.exit_code;
  o->set_ods_code(f.ods_code);
  for (const auto& d : f.domains) o->add_email_domains(d);
  for (const auto& t : f.tags) o->add_tags(t);
  Organisation created;
  if (auto status = ctx.client().CreateOrganisation(request, &created); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(created, RecordTable(created));
}

int Get(CommandContext& ctx, const OrganisationFlags& f) {
  Organisation o;
  if (auto status = ctx.client().GetOrganisation(OrganisationArgument(f.name), &o); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(o, RecordTable(o));
}

int List(CommandContext& ctx, const OrganisationFlags& f) {
  kmhub::v1::ListOrganisationsRequest request;
  if (!f.kind.empty()) {
    const auto kind = ParseEnum(KindType(), f.kind);
    if (!kind) return ctx.BadInput("unknown organisation kind '" + f.kind + "'; use one of: " + EnumChoices(KindType()));
    request.set_kind(static_cast<kmhub::v1::OrganisationKind>(*kind));
  }
  request.set_tag(f.tag_filter);
  request.set_name_prefix(f.prefix);
  request.set_order_by(f.order_by);
  request.set_page_size(f.page_size);
  request.set_page_token(f.page_token);
  kmhub::v1::ListOrganisationsResponse all;
  auto status = FetchPages(
      request, f.all, &all,
      [&](const auto& r, auto* page) { return ctx.client().ListOrganisations(r, page); },
      [](auto& response) { return response.mutable_organisations(); });
  if (!status.ok()) return ctx.Fail(status);
  Table table = ListTable();
  for (const auto& o : all.organisations()) table.rows.push_back(Row(o));
  return EmitPages(ctx, all, table);
}

int Update(CommandContext& ctx, const OrganisationFlags& f, const CLI::App& cmd) {
  kmhub::v1::UpdateOrganisationRequest request;
  auto* o = request.mutable_organisation();
  o->set_name(OrganisationArgument(f.name));
  o->set_etag(f.etag);
  MaskedUpdate<Organisation> update(cmd, o, request.mutable_update_mask());
  update.Text("--name", "display_name", f.display_name, &Organisation::set_display_name);
  update.Text("--ods", "ods_code", f.ods_code, &Organisation::set_ods_code);
  if (update.Given("--kind", "kind") && !ParseKind(ctx, f.kind, o)) return ctx.exit_code;
  if (update.Given("--domain", "email_domains"))
    for (const auto& d : f.domains)
      if (!d.empty()) o->add_email_domains(d);
  if (update.Given("--tag", "tags"))
    for (const auto& t : f.tags)
      if (!t.empty()) o->add_tags(t);
  if (update.empty()) return ctx.BadInput("nothing to update: give at least one of --name, --kind, --ods, --domain, --tag");
  Organisation updated;
  if (auto status = ctx.client().UpdateOrganisation(request, &updated); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(updated, RecordTable(updated));
}

int Delete(CommandContext& ctx, const OrganisationFlags& f) {
  kmhub::v1::DeleteOrganisationRequest request;
  request.set_name(OrganisationArgument(f.name));
  request.set_force(f.force);
  request.set_etag(f.etag);
  if (auto status = ctx.client().DeleteOrganisation(request); !status.ok()) return ctx.Fail(status);
  std::cerr << "deleted " << request.name() << '\n';
  return kExitOk;
}

}  // namespace

void AddOrganisationCommands(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<OrganisationFlags>();
  auto* org = app.add_subcommand("org", "Partner organisations");
  org->require_subcommand(1);
  const std::string kinds = "Kind: " + EnumChoices(KindType());

  auto* create = org->add_subcommand("create", "Create an organisation");
  create->add_option("--name", flags->display_name, "Display name")->required();
  create->add_option("--kind", flags->kind, kinds)->required();
  create->add_option("--ods", flags->ods_code, "ODS code, e.g. RGT or D81001");
  create->add_option("--domain", flags->domains, "E-mail domain (repeatable)");
  create->add_option("--tag", flags->tags, "Tag (repeatable)");
  create->callback([&ctx, flags] { ctx.exit_code = Create(ctx, *flags); });

  auto* get = org->add_subcommand("get", "Show one organisation");
  get->add_option("name", flags->name, "organisations/ID or ID")->required();
  get->callback([&ctx, flags] { ctx.exit_code = Get(ctx, *flags); });

  auto* list = org->add_subcommand("list", "List organisations");
  list->add_option("--kind", flags->kind, kinds);
  list->add_option("--tag", flags->tag_filter, "Only organisations with this tag");
  list->add_option("--prefix", flags->prefix, "Display name starts with (case-insensitive)");
  list->add_option("--order-by", flags->order_by, "display_name, ods_code or create_time, optionally + ' desc'");
  list->add_option("--page-size", flags->page_size, "Results per page (server default 50)");
  list->add_option("--page-token", flags->page_token, "Continue from a previous page");
  list->add_flag("--all", flags->all, "Fetch every page");
  list->callback([&ctx, flags] { ctx.exit_code = List(ctx, *flags); });

  auto* update = org->add_subcommand("update", "Change fields of an organisation (only the flags given)");
  update->add_option("name", flags->name, "organisations/ID or ID")->required();
  update->add_option("--name", flags->display_name, "Display name");
  update->add_option("--kind", flags->kind, kinds);
  update->add_option("--ods", flags->ods_code, "ODS code ('' to clear)");
  update->add_option("--domain", flags->domains, "E-mail domains (replace the list; '' to clear)");
  update->add_option("--tag", flags->tags, "Tags (replace the list; '' to clear)");
  update->add_option("--etag", flags->etag, "Fail if the organisation changed since this etag");
  update->callback([&ctx, flags, update] { ctx.exit_code = Update(ctx, *flags, *update); });

  auto* del = org->add_subcommand("delete", "Delete an organisation");
  del->add_option("name", flags->name, "organisations/ID or ID")->required();
  del->add_flag("--force", flags->force, "Also delete its contacts and relationships");
  del->add_option("--etag", flags->etag, "Fail if the organisation changed since this etag");
  del->callback([&ctx, flags] { ctx.exit_code = Delete(ctx, *flags); });
}

}  // namespace kmhub::cli
