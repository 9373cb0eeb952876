#include "client/cli/access_commands.h"

#include <google/protobuf/util/time_util.h>

#include "client/cli/enum_names.h"

namespace kmhub::cli {

namespace {

using google::protobuf::util::TimeUtil;

struct AccessFlags {
  std::string name, role, organisation, actor, method, resource, since, until, page_token;
  int ttl_days = 0, page_size = 0;
  bool include_inactive = false, all = false;
};

std::string TimeText(const google::protobuf::Timestamp& t, bool set) { return set ? TimeUtil::ToString(t) : ""; }

std::string RoleText(kmhub::v1::Role role) { return EnumLabel(kmhub::v1::Role_descriptor(), role); }

// Revoked, expired (its expiry passed: the server refuses it), or active.
std::string TokenState(const kmhub::v1::Token& t) {
  if (t.has_revoke_time()) return "revoked " + TimeText(t.revoke_time(), true);
  if (t.has_expire_time() && t.expire_time() <= TimeUtil::GetCurrentTime())
    return "expired " + TimeText(t.expire_time(), true);
  return "active";
}

std::vector<std::string> TokenRow(const kmhub::v1::Token& t) {
  return {t.name(),
          t.display_name(),
          RoleText(t.role()),
          t.organisation().empty() ? "(all)" : t.organisation(),
          TimeText(t.create_time(), t.has_create_time()),
          t.has_expire_time() ? TimeText(t.expire_time(), true) : "(never)",
          TokenState(t)};
}

Table TokenTable() { return {{"NAME", "DISPLAY NAME", "ROLE", "SCOPE", "CREATED", "EXPIRES", "STATE"}, {}}; }

std::string TokenArgument(const std::string& text) {
  return text.rfind("tokens/", 0) == 0 ? text : "tokens/" + text;
}

bool ParseTime(CommandContext& ctx, const std::string& text, const char* flag, google::protobuf::Timestamp* out) {
  if (text.empty()) return true;
  // A date alone means its start, in UTC.
  const std::string full = text.size() == 10 ? text + "T00:00:00Z" : text;
  if (TimeUtil::FromString(full, out)) return true;
  ctx.exit_code = ctx.BadInput(std::string(flag) + " '" + text + "' is not a date (YYYY-MM-DD) or RFC 3339 time");
  return false;
}

int CreateToken(CommandContext& ctx, const AccessFlags& f) {
  kmhub::v1::CreateTokenRequest request;
  request.set_display_name(f.name);
  const auto role = ParseEnum(kmhub::v1::Role_descriptor(), f.role);
  if (!role) return ctx.BadInput("unknown role '" + f.role + "'; use one of: " + EnumChoices(kmhub::v1::Role_descriptor()));
  request.set_role(static_cast<kmhub::v1::Role>(*role));
  if (!f.organisation.empty()) request.set_organisation(OrganisationArgument(f.organisation));
  request.set_ttl_days(f.ttl_days);
  kmhub::v1::CreateTokenResponse created;
  if (auto status = ctx.client().CreateToken(request, &created); !status.ok()) return ctx.Fail(status);
  if (ctx.format() == OutputFormat::kTable) {
    std::cerr << "created " << created.token().name() << " (" << RoleText(created.token().role())
              << "); the secret below is shown only once:\n";
    std::cout << created.secret() << '\n';
    return kExitOk;
  }
  Table table = TokenTable();
  table.headers.push_back("SECRET");
  table.rows.push_back(TokenRow(created.token()));
  table.rows.back().push_back(created.secret());
  return ctx.EmitOne(created, table);
}

int ListTokens(CommandContext& ctx, const AccessFlags& f) {
  kmhub::v1::ListTokensRequest request;
  request.set_include_inactive(f.include_inactive);
  request.set_page_size(f.page_size);
  request.set_page_token(f.page_token);
  kmhub::v1::ListTokensResponse all;
  auto status = FetchPages(
      request, f.all, &all, [&](const auto& r, auto* page) { return ctx.client().ListTokens(r, page); },
      [](auto& response) { return response.mutable_tokens(); });
  if (!status.ok()) return ctx.Fail(status);
  Table table = TokenTable();
  for (const auto& t : all.tokens()) table.rows.push_back(TokenRow(t));
  return EmitPages(ctx, all, table);
}

int RevokeToken(CommandContext& ctx, const AccessFlags& f) {
  kmhub::v1::Token revoked;
  if (auto status = ctx.client().RevokeToken(TokenArgument(f.name), &revoked); !status.ok()) return ctx.Fail(status);
  Table table = TokenTable();
  table.rows.push_back(TokenRow(revoked));
  return ctx.EmitOne(revoked, table);
}

int WhoAmI(CommandContext& ctx) {
  kmhub::v1::Caller caller;
  if (auto status = ctx.client().GetCaller(&caller); !status.ok()) return ctx.Fail(status);
  Table table{{"Caller", "Role", "Scope", "Token"}, {}};
  table.rows.push_back({caller.display_name(), RoleText(caller.role()),
                        caller.organisation().empty() ? "(all)" : caller.organisation(), caller.token()});
  return ctx.EmitOne(caller, table);
}

int ListAudit(CommandContext& ctx, const AccessFlags& f) {
  kmhub::v1::ListAuditEventsRequest request;
  request.set_actor(f.actor);
  request.set_method(f.method);
  request.set_resource(f.resource);
  if (!ParseTime(ctx, f.since, "--since", request.mutable_start_time())) return ctx.exit_code;
  if (f.since.empty()) request.clear_start_time();
  if (!ParseTime(ctx, f.until, "--until", request.mutable_end_time())) return ctx.exit_code;
  if (f.until.empty()) request.clear_end_time();
  request.set_page_size(f.page_size);
  request.set_page_token(f.page_token);
  kmhub::v1::ListAuditEventsResponse all;
  auto status = FetchPages(
      request, f.all, &all, [&](const auto& r, auto* page) { return ctx.client().ListAuditEvents(r, page); },
      [](auto& response) { return response.mutable_events(); });
  if (!status.ok()) return ctx.Fail(status);
  Table table{{"TIME", "ACTOR", "METHOD", "RESOURCE", "SUMMARY", "CHANGES", "REQUEST ID"}, {}};
  for (const auto& e : all.events()) {
    // "title: 'Old' -> 'New'; planned_end_date: '' -> '2011-03-31'" (JSON has them as fields).
    std::string changes;
    for (const auto& c : e.changes())
      changes += (changes.empty() ? "" : "; ") + c.field() + ": '" + c.before() + "' -> '" + c.after() + "'";
    table.rows.push_back({TimeText(e.event_time(), true), e.actor(), e.method(), e.resource(), e.summary(), changes,
                          e.request_id()});
  }
  return EmitPages(ctx, all, table);
}

}  // namespace

void AddAccessCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<AccessFlags>();
  auto* token = app.add_subcommand("token", "Bearer tokens (admin)");
  token->require_subcommand(1);
  auto* create = token->add_subcommand("create", "Create a token; its secret is printed once");
  create->add_option("--name", f->name, "What it is for (\"reporting service\")")->required();
  create->add_option("--role", f->role, "admin, editor or viewer")->required();
  create->add_option("--org", f->organisation, "Scope it to one organisation (organisations/ID or ID)");
  create->add_option("--ttl-days", f->ttl_days, "Days until it expires; 0: never")->check(CLI::Range(0, 3650));
  create->callback([&ctx, f] { ctx.exit_code = CreateToken(ctx, *f); });

  auto* list = token->add_subcommand("list", "Tokens, without their secrets");
  list->add_flag("--include-inactive", f->include_inactive, "Also revoked and expired tokens");
  list->add_option("--page-size", f->page_size, "Tokens per page");
  list->add_option("--page-token", f->page_token, "Continue a listing");
  list->add_flag("--all", f->all, "Every page");
  list->callback([&ctx, f] { ctx.exit_code = ListTokens(ctx, *f); });

  auto* revoke = token->add_subcommand("revoke", "Revoke a token at once");
  revoke->add_option("name", f->name, "tokens/ID or ID")->required();
  revoke->callback([&ctx, f] { ctx.exit_code = RevokeToken(ctx, *f); });

  auto* whoami = app.add_subcommand("whoami", "Who the server takes you to be: role and scope");
  whoami->callback([&ctx] { ctx.exit_code = WhoAmI(ctx); });

  auto* audit = app.add_subcommand("audit", "The audit log of every change (admin)");
  audit->require_subcommand(1);
  auto* audit_list = audit->add_subcommand("list", "Changes, newest first");
  audit_list->add_option("--actor", f->actor, "Exactly this caller (\"token 3 (reporting)\")");
  audit_list->add_option("--method", f->method, "Exactly this RPC (UpdateProject)");
  audit_list->add_option("--resource", f->resource, "This resource and everything under it (projects/PBC-001)");
  audit_list->add_option("--since", f->since, "From this date or time");
  audit_list->add_option("--until", f->until, "Before this date or time");
  audit_list->add_option("--page-size", f->page_size, "Events per page");
  audit_list->add_option("--page-token", f->page_token, "Continue a listing");
  audit_list->add_flag("--all", f->all, "Every page");
  audit_list->callback([&ctx, f] { ctx.exit_code = ListAudit(ctx, *f); });
}

}  // namespace kmhub::cli
