#include "client/cli/mail_commands.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "client/cli/enum_names.h"
#include "client/cli/output.h"
#include "client/cli/upload_progress.h"
#include "client/request_id.h"

namespace kmhub::cli {

namespace {

namespace fs = std::filesystem;

struct MailFlags {
  std::string name, description, folder, request_id, thread, page_token, import;
  std::vector<std::string> roles, paths;
  bool dry_run = false, skip_unparseable = false, allow_identifiable = false, keep_attachments = false;
  int page_size = 0;
};

// "2009-11-17 14:00 -0500": the date as the sender wrote it (the offset kept), to the minute.
std::string SentText(const google::protobuf::Timestamp& t, int offset_minutes) {
  const auto shifted = google::protobuf::util::TimeUtil::SecondsToTimestamp(t.seconds() + offset_minutes * 60);
  std::string text = google::protobuf::util::TimeUtil::ToString(shifted).substr(0, 16);
  text[10] = ' ';
  char zone[16];
  const int a = std::abs(offset_minutes);
  std::snprintf(zone, sizeof zone, "%c%02d%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
  return text + " " + zone;
}

std::string Who(const kmhub::v1::MailAddress& a) {
  return a.display_name().empty() ? a.address() : a.display_name() + " <" + a.address() + ">";
}

// The files an argument stands for: a file; a Maildir (its cur/ and new/); any other directory's
// files, in name order, so that an import of the same directory is the same import.
bool Expand(CommandContext& ctx, const std::string& path, std::vector<std::string>& out) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    out.push_back(path);
    return true;
  }
  if (!fs::is_directory(path, ec)) {
    ctx.exit_code = ctx.BadInput("cannot read " + path + ": no such file or directory");
    return false;
  }
  std::vector<fs::path> dirs;
  if (fs::is_directory(fs::path(path) / "cur", ec) || fs::is_directory(fs::path(path) / "new", ec))
    dirs = {fs::path(path) / "cur", fs::path(path) / "new"};  // Maildir: tmp/ holds mail being delivered
  else
    dirs = {fs::path(path)};
  std::vector<std::string> found;
  for (const auto& dir : dirs) {
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.is_regular_file()) found.push_back(entry.path().string());
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

int CreateFolder(CommandContext& ctx, const MailFlags& f) {
  kmhub::v1::CreateMailFolderRequest request;
  auto* folder = request.mutable_folder();
  folder->set_display_name(f.name);
  folder->set_description(f.description);
  for (const auto& r : f.roles) {
    const auto role = ParseEnum(kmhub::v1::Role_descriptor(), r);
    if (!role || *role == 0)
      return ctx.BadInput("'" + r + "' is not a role (" + EnumChoices(kmhub::v1::Role_descriptor()) + ")");
    folder->add_reader_roles(static_cast<kmhub::v1::Role>(*role));
  }
  kmhub::v1::MailFolder out;
  if (const auto status = ctx.client().CreateMailFolder(request, &out); !status.ok()) return ctx.Fail(status);
  Table t{{"NAME", "FOLDER", "READERS", "DESCRIPTION"}, {}};
  std::vector<std::string> readers;
  for (int r : out.reader_roles()) readers.push_back(EnumLabel(kmhub::v1::Role_descriptor(), r));
  t.rows.push_back({out.name(), out.display_name(), readers.empty() ? "every role" : Join(readers), out.description()});
  return ctx.EmitOne(out, t);
}

int Folders(CommandContext& ctx, const MailFlags&) {
  kmhub::v1::ListMailFoldersResponse out;
  if (const auto status = ctx.client().ListMailFolders(&out); !status.ok()) return ctx.Fail(status);
  Table t{{"NAME", "FOLDER", "READERS", "DESCRIPTION"}, {}};
  for (const auto& f : out.folders()) {
    std::vector<std::string> readers;
    for (int r : f.reader_roles()) readers.push_back(EnumLabel(kmhub::v1::Role_descriptor(), r));
    t.rows.push_back({f.name(), f.display_name(), readers.empty() ? "every role" : Join(readers), f.description()});
  }
  return ctx.EmitList(out, t);
}

int Import(CommandContext& ctx, const MailFlags& f) {
  std::vector<std::string> paths;
  for (const auto& p : f.paths)
    if (!Expand(ctx, p, paths)) return ctx.exit_code;
  if (paths.empty()) return ctx.BadInput("no mail files found in " + Join(f.paths));
  std::vector<std::unique_ptr<std::ifstream>> streams;
  std::vector<client::KmhubClient::MailFile> files;
  for (const auto& p : paths) {
    streams.push_back(std::make_unique<std::ifstream>(p, std::ios::binary));
    if (!*streams.back()) return ctx.BadInput("cannot read " + p);
    files.push_back({p, streams.back().get()});
  }
  kmhub::v1::ImportMailChunk header;
  header.set_folder(f.folder);
  header.set_dry_run(f.dry_run);
  header.set_skip_unparseable(f.skip_unparseable);
  header.set_allow_identifiable(f.allow_identifiable);
  header.set_keep_attachments(f.keep_attachments);
  header.set_request_id(f.request_id.empty() ? client::NewRequestId() : f.request_id);
  kmhub::v1::ImportMailResponse out;
  grpc::Status status;
  {
    const UploadProgress progress(paths.size() == 1 ? paths.front() : std::to_string(paths.size()) + " files");
    status = ctx.client().ImportMail(header, files, std::cref(progress), &out);
  }
  if (!status.ok())
    return ctx.FailImport(status, "running it again is safe (messages already there are not added twice); to be "
                                  "told what the first import did, repeat this command with --request-id " +
                                      header.request_id());
  for (const auto& p : out.problems())
    std::cerr << "kmhub: note: left out " << p.file_name() << ", message " << p.message_number() << " (byte "
              << p.byte_offset() << "): " << p.description() << '\n';
  const auto& i = out.import();
  Table t{{"Files", i.dry_run() ? "Would be new" : "New messages", "Of them second copies", "Already present",
           "Skipped", "Holding NHS numbers", "Import"},
          {}};
  t.rows.push_back({std::to_string(i.files_size()), std::to_string(i.new_messages()), std::to_string(i.copies()),
                    std::to_string(i.already_present()), std::to_string(i.skipped()), std::to_string(i.identifiable()),
                    i.dry_run() ? "dry run (nothing written)" : i.name()});
  return ctx.EmitOne(out, t);
}

int Imports(CommandContext& ctx, const MailFlags& f) {
  kmhub::v1::ListMailImportsRequest request;
  request.set_folder(f.folder);
  kmhub::v1::ListMailImportsResponse out;
  if (const auto status = ctx.client().ListMailImports(request, &out); !status.ok()) return ctx.Fail(status);
  Table t{{"IMPORT", "WHEN", "BY", "FILES", "NEW", "COPIES", "PRESENT", "SKIPPED", "UNDONE"}, {}};
  for (const auto& i : out.imports())
    t.rows.push_back({i.name(), google::protobuf::util::TimeUtil::ToString(i.create_time()).substr(0, 19), i.actor(),
                      std::to_string(i.files_size()), std::to_string(i.new_messages()), std::to_string(i.copies()),
                      std::to_string(i.already_present()), std::to_string(i.skipped()),
                      i.has_undo_time() ? google::protobuf::util::TimeUtil::ToString(i.undo_time()).substr(0, 19) : ""});
  return ctx.EmitList(out, t);
}

int UndoImport(CommandContext& ctx, const MailFlags& f) {
  const std::string name = f.import.rfind("mailImports/", 0) == 0 ? f.import : "mailImports/" + f.import;
  kmhub::v1::MailImport out;
  if (const auto status = ctx.client().UndoMailImport(name, &out); !status.ok()) return ctx.Fail(status);
  Table t{{"Import", "Folder", "Messages removed", "Undone"}, {}};
  t.rows.push_back({out.name(), out.folder(), std::to_string(out.new_messages()),
                    google::protobuf::util::TimeUtil::ToString(out.undo_time()).substr(0, 19)});
  return ctx.EmitOne(out, t);
}

int Threads(CommandContext& ctx, const MailFlags& f) {
  kmhub::v1::ListMailThreadsRequest request;
  request.set_folder(f.folder);
  request.set_page_size(f.page_size);
  request.set_page_token(f.page_token);
  kmhub::v1::ListMailThreadsResponse out;
  if (const auto status = ctx.client().ListMailThreads(request, &out); !status.ok()) return ctx.Fail(status);
  Table t{{"THREAD", "SUBJECT", "MESSAGES", "FIRST", "LAST"}, {}};
  for (const auto& th : out.threads())
    t.rows.push_back({th.name().substr(th.name().rfind('/') + 1), CutToWidth(OneLine(th.subject()), 60),
                      std::to_string(th.message_count()),
                      google::protobuf::util::TimeUtil::ToString(th.first_time()).substr(0, 10),
                      google::protobuf::util::TimeUtil::ToString(th.last_time()).substr(0, 10)});
  return EmitPages(ctx, out, t);
}

// A thread as people read it: each message with who, when and to whom, replies indented under
// the message they answer, attachments listed, the text below.
int Show(CommandContext& ctx, const MailFlags& f) {
  const std::string name = f.thread.rfind("mailThreads/", 0) == 0 ? f.thread : "mailThreads/" + f.thread;
  kmhub::v1::MailThread out;
  if (const auto status = ctx.client().GetMailThread(name, &out); !status.ok()) return ctx.Fail(status);
  if (ctx.format() != OutputFormat::kTable) {
    Table t{{"message", "message_id", "parent_message_id", "from", "sent", "subject", "attachments"}, {}};
    for (const auto& m : out.messages())
      t.rows.push_back({m.name(), m.message_id(), m.parent_message_id(), m.from().address(),
                        google::protobuf::util::TimeUtil::ToString(m.sent_time()), m.subject(),
                        std::to_string(m.attachments_size())});
    return ctx.EmitList(out, t);
  }
  std::cout << out.thread().subject() << " (" << out.thread().message_count() << " message(s))\n";
  // Depth: a reply one deeper than the message it answers, when that message is in the thread.
  std::map<std::string, int> depth;
  for (const auto& m : out.messages()) {
    const auto parent = depth.find(m.parent_message_id());
    const int d = parent == depth.end() ? 0 : std::min(parent->second + 1, 8);
    if (!m.message_id().empty()) depth[m.message_id()] = d;
    const std::string indent(static_cast<std::size_t>(d) * 4, ' ');
    std::cout << '\n' << indent << "From:    " << Who(m.from()) << '\n';
    std::cout << indent << "Date:    " << SentText(m.sent_time(), m.utc_offset_minutes()) << '\n';
    std::vector<std::string> to, cc;
    for (const auto& a : m.to()) to.push_back(Who(a));
    for (const auto& a : m.cc()) cc.push_back(Who(a));
    if (!to.empty()) std::cout << indent << "To:      " << Join(to) << '\n';
    if (!cc.empty()) std::cout << indent << "Cc:      " << Join(cc) << '\n';
    std::cout << indent << "Subject: " << m.subject() << '\n';
    for (const auto& a : m.attachments())
      std::cout << indent << "Attached: " << (a.file_name().empty() ? "(unnamed)" : a.file_name()) << " ("
                << a.media_type() << ", " << a.size_bytes() << " bytes)\n";
    if (!m.copy_of().empty()) std::cout << indent << "(a second copy of " << m.copy_of() << ", with other content)\n";
    std::istringstream body(m.body());
    std::string line;
    std::cout << '\n';
    while (std::getline(body, line)) std::cout << indent << "  " << line << '\n';
  }
  return kExitOk;
}

}  // namespace

void AddMailCommands(CLI::App& app, CommandContext& ctx) {
  auto f = std::make_shared<MailFlags>();
  auto* mail = app.add_subcommand("mail", "Partner e-mail: public folders, imports of mail archives, threads");
  mail->require_subcommand(1);
  auto* folders = mail->add_subcommand("folders", "The mail folders you may read");
  folders->callback([&ctx, f] { ctx.exit_code = Folders(ctx, *f); });
  auto* folder = mail->add_subcommand("folder", "Mail folders (admin)");
  folder->require_subcommand(1);
  auto* create = folder->add_subcommand("create", "Create a public mail folder");
  create->add_option("name", f->name, "Its name (unique)")->required();
  create->add_option("--description", f->description, "What it holds");
  create->add_option("--reader-role", f->roles, "A role that may read it (repeatable; none: every role)");
  create->callback([&ctx, f] { ctx.exit_code = CreateFolder(ctx, *f); });

  auto* import = mail->add_subcommand(
      "import", "Import mbox files, .eml files or Maildir folders into a folder (editor); all or nothing");
  import->add_option("files", f->paths, "Files or directories")->required();
  import->add_option("--folder", f->folder, "The folder's name")->required();
  import->add_flag("--dry-run", f->dry_run, "Read and count everything, write nothing");
  import->add_flag("--skip-unparseable", f->skip_unparseable, "Leave out (and list) messages that cannot be read");
  import->add_flag("--allow-identifiable", f->allow_identifiable,
                   "Keep messages holding NHS numbers, readable by admins only (audited)");
  import->add_flag("--keep-attachments", f->keep_attachments, "Keep attachments' content, not only their names");
  import->add_option("--request-id", f->request_id,
                     "Repeat the id an import that timed out printed: answered with that import if it completed");
  import->callback([&ctx, f] { ctx.exit_code = Import(ctx, *f); });

  auto* imports = mail->add_subcommand("imports", "A folder's imports, newest first (editor)");
  imports->add_option("--folder", f->folder, "The folder's name")->required();
  imports->callback([&ctx, f] { ctx.exit_code = Imports(ctx, *f); });

  auto* undo = mail->add_subcommand("undo-import", "Remove the messages an import added (editor)");
  undo->add_option("import", f->import, "Import id or mailImports/ID")->required();
  undo->callback([&ctx, f] { ctx.exit_code = UndoImport(ctx, *f); });

  auto* threads = mail->add_subcommand("threads", "A folder's threads, latest first");
  threads->add_option("--folder", f->folder, "The folder's name")->required();
  threads->add_option("--page-size", f->page_size, "Threads per page");
  threads->add_option("--page-token", f->page_token, "Continue a listing");
  threads->callback([&ctx, f] { ctx.exit_code = Threads(ctx, *f); });

  auto* show = mail->add_subcommand("show", "A thread, message by message, replies indented");
  show->add_option("thread", f->thread, "Thread id or mailThreads/ID")->required();
  show->callback([&ctx, f] { ctx.exit_code = Show(ctx, *f); });
}

}  // namespace kmhub::cli
