#include "client/cli/contact_commands.h"

#include <google/protobuf/util/time_util.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "client/cli/enum_names.h"

namespace kmhub::cli {

namespace {

using kmhub::v1::Contact;

struct ContactFlags {
  std::string name;
  std::string organisation = "-";
  std::string display_name, given_name, family_name, job_title, role, note, etag;
  std::vector<std::string> emails, phones;
  std::string prefix, order_by, page_token;
  int page_size = 0;
  bool all = false;
  std::string file;
  bool skip_invalid = false;
  bool dry_run = false;
};

const google::protobuf::EnumDescriptor* RoleType() { return kmhub::v1::ClinicalRole_descriptor(); }

std::string OrganisationParent(const std::string& text) { return text == "-" ? "organisations/-" : OrganisationArgument(text); }

std::vector<std::string> Row(const Contact& c) {
  return {c.name(), c.display_name(), EnumLabel(RoleType(), c.clinical_role()), c.job_title(),
          c.emails_size() ? c.emails(0) : "", c.phones_size() ? c.phones(0) : ""};
}

Table ListTable() { return {{"NAME", "DISPLAY NAME", "ROLE", "JOB TITLE", "E-MAIL", "PHONE"}, {}}; }

Table RecordTable(const Contact& c) {
  Table t{{"Name", "Display name", "Given name", "Family name", "Clinical role", "Job title", "E-mails", "Phones", "Note",
           "Updated", "Etag"},
          {}};
  t.rows.push_back({c.name(), c.display_name(), c.given_name(), c.family_name(), EnumLabel(RoleType(), c.clinical_role()),
                    c.job_title(), Join({c.emails().begin(), c.emails().end()}),
                    Join({c.phones().begin(), c.phones().end()}), c.note(),
                    google::protobuf::util::TimeUtil::ToString(c.update_time()), c.etag()});
  return t;
}

bool ParseRole(CommandContext& ctx, const std::string& text, int* role) {
  if (text.empty()) return true;
  const auto parsed = ParseEnum(RoleType(), text);
  if (!parsed) {
    ctx.exit_code = ctx.BadInput("unknown clinical role '" + text + "'; use one of: " + EnumChoices(RoleType()));
    return false;
  }
  *role = *parsed;
  return true;
}

int Add(CommandContext& ctx, const ContactFlags& f) {
  kmhub::v1::CreateContactRequest request;
  request.set_parent(OrganisationArgument(f.organisation));
  auto* c = request.mutable_contact();
  c->set_display_name(f.display_name);
  c->set_given_name(f.given_name);
  c->set_family_name(f.family_name);
  c->set_job_title(f.job_title);
  c->set_note(f.note);
  int role = 0;
  if (!ParseRole(ctx, f.role, &role)) return ctx.exit_code;
  c->set_clinical_role(static_cast<kmhub::v1::ClinicalRole>(role));
  for (const auto& e : f.emails) c->add_emails(e);
  for (const auto& p : f.phones) c->add_phones(p);
  Contact created;
  if (auto status = ctx.client().CreateContact(request, &created); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(created, RecordTable(created));
}

int Get(CommandContext& ctx, const ContactFlags& f) {
  Contact c;
  if (auto status = ctx.client().GetContact(f.name, &c); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(c, RecordTable(c));
}

int List(CommandContext& ctx, const ContactFlags& f) {
  kmhub::v1::ListContactsRequest request;
  request.set_parent(OrganisationParent(f.organisation));
  int role = 0;
  if (!ParseRole(ctx, f.role, &role)) return ctx.exit_code;
  request.set_clinical_role(static_cast<kmhub::v1::ClinicalRole>(role));
  request.set_name_prefix(f.prefix);
  request.set_order_by(f.order_by);
  request.set_page_size(f.page_size);
  request.set_page_token(f.page_token);
  kmhub::v1::ListContactsResponse all;
  auto status = FetchPages(
      request, f.all, &all,
      [&](const auto& r, auto* page) { return ctx.client().ListContacts(r, page); },
      [](auto& response) { return response.mutable_contacts(); });
  if (!status.ok()) return ctx.Fail(status);
  Table table = ListTable();
  for (const auto& c : all.contacts()) table.rows.push_back(Row(c));
  return EmitPages(ctx, all, table);
}

int Update(CommandContext& ctx, const ContactFlags& f, const CLI::App& cmd) {
  kmhub::v1::UpdateContactRequest request;
  auto* c = request.mutable_contact();
  c->set_name(f.name);
  c->set_etag(f.etag);
  MaskedUpdate<Contact> update(cmd, c, request.mutable_update_mask());
  update.Text("--name", "display_name", f.display_name, &Contact::set_display_name);
  update.Text("--given", "given_name", f.given_name, &Contact::set_given_name);
  update.Text("--family", "family_name", f.family_name, &Contact::set_family_name);
  update.Text("--title", "job_title", f.job_title, &Contact::set_job_title);
  update.Text("--note", "note", f.note, &Contact::set_note);
  if (update.Given("--role", "clinical_role")) {
    int role = 0;
    if (!ParseRole(ctx, f.role, &role)) return ctx.exit_code;
    c->set_clinical_role(static_cast<kmhub::v1::ClinicalRole>(role));
  }
  if (update.Given("--email", "emails"))
    for (const auto& e : f.emails)
      if (!e.empty()) c->add_emails(e);
  if (update.Given("--phone", "phones"))
    for (const auto& p : f.phones)
      if (!p.empty()) c->add_phones(p);
  if (update.empty()) return ctx.BadInput("nothing to update: give at least one field flag (see --help)");
  Contact updated;
  if (auto status = ctx.client().UpdateContact(request, &updated); !status.ok()) return ctx.Fail(status);
  return ctx.EmitOne(updated, RecordTable(updated));
}

int Delete(CommandContext& ctx, const ContactFlags& f) {
  kmhub::v1::DeleteContactRequest request;
  request.set_name(f.name);
  request.set_etag(f.etag);
  if (auto status = ctx.client().DeleteContact(request); !status.ok()) return ctx.Fail(status);
  std::cerr << "deleted " << f.name << '\n';
  return kExitOk;
}

int Import(CommandContext& ctx, const ContactFlags& f) {
  kmhub::v1::ImportContactsRequest request;
  request.set_parent(OrganisationArgument(f.organisation));
  request.set_dry_run(f.dry_run);
  request.set_skip_invalid(f.skip_invalid);
  if (!ctx.ReadFile(f.file, request.mutable_vcard_data())) return ctx.exit_code;
  kmhub::v1::ImportContactsResponse response;
  if (auto status = ctx.client().ImportContacts(request, &response); !status.ok()) return ctx.Fail(status);
  // What was left out goes to stderr in every format: stdout stays the data.
  for (const auto& w : response.warnings()) std::cerr << "kmhub: note: " << w.field() << ": " << w.description() << '\n';
  for (const auto& s : response.skipped()) std::cerr << "kmhub: skipped " << s.field() << ": " << s.description() << '\n';
  if (ctx.format() == OutputFormat::kTable) {
    const auto& s = response.summary();
    std::cout << (f.dry_run ? "dry run (nothing written): " : "imported: ") << s.rows_read() << " card(s), "
              << s.created() << (f.dry_run ? " would be new, " : " new, ") << s.updated()
              << (f.dry_run ? " would be updated" : " updated");
    if (response.skipped_size() > 0) std::cout << ", " << response.skipped_size() << " skipped";
    if (response.warnings_size() > 0) std::cout << ", " << response.warnings_size() << " value(s) left out";
    std::cout << '\n';
    Table table = ListTable();
    for (const auto& c : response.contacts()) table.rows.push_back(Row(c));
    PrintTable(std::cout, table);
    return kExitOk;
  }
  Table table = ListTable();
  for (const auto& c : response.contacts()) table.rows.push_back(Row(c));
  return ctx.EmitList(response, table);
}

int Export(CommandContext& ctx, const ContactFlags& f) {
  kmhub::v1::ExportContactsRequest request;
  request.set_parent(OrganisationParent(f.organisation));
  int role = 0;
  if (!ParseRole(ctx, f.role, &role)) return ctx.exit_code;
  request.set_clinical_role(static_cast<kmhub::v1::ClinicalRole>(role));
  // Every page, in order, each written as it comes: an export is never cut short. A file is
  // written beside its name and renamed into place once whole.
  const bool to_stdout = f.file.empty() || f.file == "-";
  const std::string partial = f.file + ".partial";
  std::ofstream file;
  if (!to_stdout) {
    file.open(partial, std::ios::binary | std::ios::trunc);
    if (!file) return ctx.BadInput("cannot write " + f.file);
  }
  std::ostream& out = to_stdout ? std::cout : file;
  long long count = 0;
  do {
    kmhub::v1::ExportContactsResponse response;
    if (auto status = ctx.client().ExportContacts(request, &response); !status.ok()) {
      if (!to_stdout) std::remove(partial.c_str());
      return ctx.Fail(status);
    }
    out << response.vcard_data();
    count += response.count();
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (!to_stdout) {
    file.close();
    if (!file || std::rename(partial.c_str(), f.file.c_str()) != 0) {
      std::remove(partial.c_str());
      return ctx.BadInput("cannot write " + f.file);
    }
    std::cerr << "exported " << count << " contact(s) to " << f.file << '\n';
  }
  return kExitOk;
}

void AddFieldOptions(CLI::App* cmd, ContactFlags& f, const std::string& roles) {
  cmd->add_option("--name", f.display_name, "Display (formatted) name; defaults to given + family name");
  cmd->add_option("--given", f.given_name, "Given name");
  cmd->add_option("--family", f.family_name, "Family name");
  cmd->add_option("--title", f.job_title, "Job title");
  cmd->add_option("--role", f.role, roles);
  cmd->add_option("--email", f.emails, "E-mail address (repeatable)");
  cmd->add_option("--phone", f.phones, "Telephone number (repeatable)");
  cmd->add_option("--note", f.note, "Free-text note");
}

}  // namespace

void AddContactCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<ContactFlags>();
  const std::string roles = "Clinical role: " + EnumChoices(RoleType());

  auto* contact = app.add_subcommand("contact", "The address book: contacts of partner organisations");
  contact->require_subcommand(1);

  auto* add = contact->add_subcommand("add", "Add a contact to an organisation");
  add->add_option("--org", f->organisation, "organisations/ID or ID")->required();
  AddFieldOptions(add, *f, roles);
  add->callback([&ctx, f] { ctx.exit_code = Add(ctx, *f); });

  auto* get = contact->add_subcommand("get", "Show one contact");
  get->add_option("name", f->name, "organisations/ID/contacts/ID")->required();
  get->callback([&ctx, f] { ctx.exit_code = Get(ctx, *f); });

  auto* list = contact->add_subcommand("list", "List contacts");
  list->add_option("--org", f->organisation, "organisations/ID or ID; '-' for everyone (default)");
  list->add_option("--role", f->role, roles);
  list->add_option("--prefix", f->prefix, "Display name starts with (case-insensitive)");
  list->add_option("--order-by", f->order_by, "display_name, family_name or create_time, optionally + ' desc'");
  list->add_option("--page-size", f->page_size, "Results per page (server default 50)");
  list->add_option("--page-token", f->page_token, "Continue from a previous page");
  list->add_flag("--all", f->all, "Fetch every page");
  list->callback([&ctx, f] { ctx.exit_code = List(ctx, *f); });

  auto* update = contact->add_subcommand("update", "Change fields of a contact (only the flags given)");
  update->add_option("name", f->name, "organisations/ID/contacts/ID")->required();
  AddFieldOptions(update, *f, roles);
  update->add_option("--etag", f->etag, "Fail if the contact changed since this etag");
  update->callback([&ctx, f, update] { ctx.exit_code = Update(ctx, *f, *update); });

  auto* del = contact->add_subcommand("delete", "Delete a contact");
  del->add_option("name", f->name, "organisations/ID/contacts/ID")->required();
  del->add_option("--etag", f->etag, "Fail if the contact changed since this etag");
  del->callback([&ctx, f] { ctx.exit_code = Delete(ctx, *f); });

  auto* contacts = app.add_subcommand("contacts", "Import and export the address book as vCard");
  contacts->require_subcommand(1);
  auto* import = contacts->add_subcommand("import", "Import a .vcf file (all cards or none, or --skip-invalid) into an organisation");
  import->add_option("file", f->file, "vCard file (.vcf), one or more cards")->required();
  import->add_option("--org", f->organisation, "organisations/ID or ID")->required();
  import->add_flag("--dry-run", f->dry_run, "Check the file and show what would change; write nothing");
  import->add_flag("--skip-invalid", f->skip_invalid,
                   "Import the valid cards and list the others (by line and reason) instead of refusing the file");
  import->callback([&ctx, f] { ctx.exit_code = Import(ctx, *f); });

  auto* exp = contacts->add_subcommand("export", "Export contacts as vCard 4.0");
  exp->add_option("--org", f->organisation, "organisations/ID or ID; '-' for everyone (default)");
  exp->add_option("--role", f->role, roles);
  exp->add_option("--file", f->file, "Write to this file instead of standard output");
  exp->callback([&ctx, f] { ctx.exit_code = Export(ctx, *f); });
}

}  // namespace kmhub::cli
