#include "server/mail/mail_api.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "server/mail/mail_archive.h"
#include "server/mail/mail_parse.h"
#include "server/mail/nhs_number.h"
#include "server/platform/rpc/metrics.h"
#include "server/platform/rpc/status_mapping.h"
#include "server/platform/rules/file_digest.h"
#include "server/mail/mail_rules.h"
#include "server/platform/rules/text_rules.h"
#include "shared/page_token.h"
#include "shared/resource_name.h"

namespace kmhub::api {

using domain::Permission;
using domain::ValidateRequestId;
using google::protobuf::util::TimeUtil;

namespace {

std::string FolderResource(std::int64_t id) { return "mailFolders/" + std::to_string(id); }

bool MayRead(const Caller& caller, const store::MailFolderRecord& folder) {
  return domain::MayReadFolder(caller.principal().role, folder);
}

void ToProto(const store::MailFolderRecord& f, kmhub::v1::MailFolder* out) {
  out->set_name(FolderResource(f.id));
  out->set_display_name(f.name);
  out->set_description(f.description);
  for (int r : f.roles) out->add_reader_roles(static_cast<kmhub::v1::Role>(r));
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(f.create_micros);
}

void ToProto(const store::MailImportRecord& r, const std::string& folder, bool dry_run, kmhub::v1::MailImport* out) {
  out->set_name("mailImports/" + std::to_string(r.id));
  out->set_folder(folder);
  out->set_actor(r.actor);
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r.create_micros);
  for (const auto& f : r.files) {
    out->add_files(f.name);
    out->add_file_sha256s(f.sha256);
  }
  out->set_new_messages(r.new_count);
  out->set_copies(r.copy_count);
  out->set_already_present(r.present_count);
  out->set_skipped(r.skipped_count);
  out->set_identifiable(r.identifiable_count);
  out->set_dry_run(dry_run);
  if (r.undone_micros) *out->mutable_undo_time() = TimeUtil::MicrosecondsToTimestamp(r.undone_micros);
}

void ToProto(const store::MailThreadRecord& t, kmhub::v1::MailThreadSummary* out) {
  out->set_name(MailThreadName(t.id));
  out->set_subject(t.subject);
  out->set_message_count(t.message_count);
  *out->mutable_first_time() = TimeUtil::MicrosecondsToTimestamp(t.first_micros);
  *out->mutable_last_time() = TimeUtil::MicrosecondsToTimestamp(t.last_micros);
}

void ToProto(const domain::MailAddress& a, kmhub::v1::MailAddress* out) {
  out->set_display_name(a.name);
  out->set_address(a.address);
}

void ToProto(const store::MailMessageRecord& m, kmhub::v1::MailMessage* out) {
  out->set_name("mailMessages/" + std::to_string(m.id));
  out->set_message_id(m.message_id);
  out->set_parent_message_id(m.parent_message_id);
  if (m.copy_of) out->set_copy_of("mailMessages/" + std::to_string(m.copy_of));
  ToProto(m.from, out->mutable_from());
  for (const auto& a : m.to) ToProto(a, out->add_to());
  for (const auto& a : m.cc) ToProto(a, out->add_cc());
  *out->mutable_sent_time() = TimeUtil::MicrosecondsToTimestamp(m.sent_micros);
  out->set_utc_offset_minutes(m.utc_offset_minutes);
  out->set_subject(m.subject);
  out->set_body(m.body);
  out->set_body_from_html(m.body_from_html);
  for (const auto& a : m.attachments) {
    auto* att = out->add_attachments();
    att->set_file_name(a.file_name);
    att->set_media_type(a.media_type);
    att->set_size_bytes(a.size);
  }
  out->set_size_bytes(m.size_bytes);
  out->set_sha256(m.raw_sha256);
}

struct UploadedFile {
  std::string name;
  std::string data;
};

}  // namespace

Expected<store::MailFolderRecord> MailApi::ReadableFolder(const Caller& caller, const std::string& name,
                                                          const char* field) {
  if (name.empty()) {
    Violations v;
    v.Add(field, "is required: the mail folder's name");
    return v.ToError();
  }
  auto folder = mail_.FolderByName(name);
  if (!folder) return folder.error();
  if (!MayRead(caller, *folder)) return NotFound("MAIL_FOLDER_NOT_FOUND", "no mail folder is called '" + name + "'");
  return folder;
}

grpc::Status MailApi::CreateMailFolder(grpc::ServerContext* ctx, const kmhub::v1::CreateMailFolderRequest* req,
                                       kmhub::v1::MailFolder* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kModerate, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide mail folders"));
  store::MailFolderRecord folder;
  folder.name = req->folder().display_name();
  folder.description = req->folder().description();
  for (int role : req->folder().reader_roles()) folder.roles.push_back(role);
  KMHUB_RPC_TRY(domain::NormaliseMailFolder(folder));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto created, mail_.CreateFolder(folder));
  ToProto(created, out);
  return grpc::Status::OK;
}

grpc::Status MailApi::ListMailFolders(grpc::ServerContext* ctx, const kmhub::v1::ListMailFoldersRequest*,
                                      kmhub::v1::ListMailFoldersResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  // Messages are not linked to organisations yet, so an organisation-scoped token reads none.
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("mail folders"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto folders, mail_.ListFolders());
  for (const auto& f : folders)
    if (MayRead(caller, f)) ToProto(f, out->add_folders());
  return grpc::Status::OK;
}

grpc::Status MailApi::ImportMail(grpc::ServerContext* ctx, grpc::ServerReader<kmhub::v1::ImportMailChunk>* reader,
                                 kmhub::v1::ImportMailResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide mail folders"));
  // The files, each started by a chunk that names it; the first chunk carries the options.
  kmhub::v1::ImportMailChunk options, chunk;
  std::vector<UploadedFile> files;
  std::size_t total = 0;
  bool first = true;
  while (reader->Read(&chunk)) {
    if (first) {
      options = chunk;
      first = false;
    }
    if (!chunk.file_name().empty()) files.push_back({chunk.file_name(), ""});
    if (!chunk.data().empty()) {
      if (files.empty()) files.push_back({"(unnamed)", ""});
      files.back().data += chunk.data();
    }
    total += chunk.data().size();
    if (total > kMaxMailImportBytes)
      return ToGrpcStatus(InvalidArgument("IMPORT_TOO_LARGE",
                                          "the archive is larger than " + std::to_string(kMaxMailImportBytes >> 20) +
                                              " MB, this server's limit per import; import it in parts",
                                          {{"data", "more than " + std::to_string(kMaxMailImportBytes >> 20) + " MB"}}));
  }
  KMHUB_RPC_TRY(domain::ValidateRequestId(options.request_id()));
  if (files.empty()) {
    Violations v;
    v.Add("file_name", "no file was sent");
    return ToGrpcStatus(v.ToError());
  }
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto folder, ReadableFolder(caller, options.folder(), "folder"));
  KMHUB_RPC_TRY(caller.StillWanted());

  store::MailImportRequest request;
  request.folder_id = folder.id;
  request.dry_run = options.dry_run();
  request.request_id = options.request_id();
  domain::ParseOptions parse;
  parse.keep_attachment_content = options.keep_attachments();
  Violations refused;  // the messages that make the import fail
  for (const auto& file : files) {
    request.files.push_back({file.name, domain::Sha256Hex(file.data)});
    for (auto& raw : domain::SplitArchive(file.data)) {
      const std::string where = file.name + ", message " + std::to_string(raw.number) + " (byte " +
                                std::to_string(raw.offset) + ")";
      auto parsed = domain::ParseMail(raw.bytes, parse);
      if (!parsed) {
        auto* p = out->add_problems();
        p->set_file_name(file.name);
        p->set_message_number(raw.number);
        p->set_byte_offset(static_cast<std::int64_t>(raw.offset));
        p->set_description(parsed.error().message);
        if (options.skip_unparseable())
          ++request.skipped;
        else
          refused.Add(where, parsed.error().message + " (--skip-unparseable leaves it out)");
        continue;
      }
      const auto numbers = domain::FindNhsNumbers(parsed->subject + "\n" + parsed->body);
      const bool identifiable = !numbers.empty();
      if (identifiable && !options.allow_identifiable()) {
        refused.Add(where, "holds " + domain::MaskedNhsNumber(numbers.front()) +
                               ": mail with patient details is refused (--allow-identifiable keeps it, for admins only)");
        continue;
      }
      request.messages.push_back({std::move(*parsed), std::move(raw.bytes), identifiable});
    }
  }
  if (!refused.empty()) {
    auto error = refused.ToError("MAIL_REFUSED");
    // The violations name each message; the message only counts them, so that a client that
    // prints both says each once.
    error.message = std::to_string(error.violations.size()) + " message(s) cannot be imported, so nothing was";
    return ToGrpcStatus(error);
  }
  KMHUB_RPC_TRY(caller.StillWanted());
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto record, mail_.Import(request));
  ToProto(record, folder.name, request.dry_run, out->mutable_import());
  if (!request.dry_run) Metrics::Global().AddImportRows("mail", record.new_count);
  return grpc::Status::OK;
}

grpc::Status MailApi::ListMailImports(grpc::ServerContext* ctx, const kmhub::v1::ListMailImportsRequest* req,
                                      kmhub::v1::ListMailImportsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide mail folders"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto folder, ReadableFolder(caller, req->folder(), "folder"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto imports, mail_.ListImports(folder.id));
  for (const auto& i : imports) ToProto(i, folder.name, false, out->add_imports());
  return grpc::Status::OK;
}

grpc::Status MailApi::UndoMailImport(grpc::ServerContext* ctx, const kmhub::v1::UndoMailImportRequest* req,
                                     kmhub::v1::MailImport* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kWrite, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("hub-wide mail folders"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseMailImportName(req->name()));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto undone, mail_.UndoImport(id));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto folder, mail_.FolderById(undone.folder_id));
  ToProto(undone, folder.name, false, out);
  return grpc::Status::OK;
}

grpc::Status MailApi::ListMailThreads(grpc::ServerContext* ctx, const kmhub::v1::ListMailThreadsRequest* req,
                                      kmhub::v1::ListMailThreadsResponse* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("mail folders"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(req->page_size(), max_page_size_));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto folder, ReadableFolder(caller, req->folder(), "folder"));
  const auto fingerprint = QueryFingerprint("mail-threads|" + std::to_string(folder.id));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto cursor, DecodePageToken(req->page_token(), fingerprint));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto page,
                             mail_.ListThreads(folder.id, {cursor.last_sort_value, cursor.last_id, page_size}));
  for (const auto& t : page.items) ToProto(t, out->add_threads());
  if (page.has_more) out->set_next_page_token(EncodePageToken({fingerprint, page.last_sort_value, page.last_id}));
  return grpc::Status::OK;
}

grpc::Status MailApi::GetMailThread(grpc::ServerContext* ctx, const kmhub::v1::GetMailThreadRequest* req,
                                    kmhub::v1::MailThread* out) {
  KMHUB_RPC_ASSIGN_OR_RETURN(const Caller caller, auth_.Require(ctx, Permission::kRead, __func__));
  if (caller.scoped()) return ToGrpcStatus(caller.OutOfScope("mail folders"));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto id, ParseMailThreadName(req->name()));
  store::MailThreadRecord thread;
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto messages, mail_.ThreadMessages(id, &thread));
  KMHUB_RPC_ASSIGN_OR_RETURN(const auto folder, mail_.FolderById(thread.folder_id));
  if (!MayRead(caller, folder))
    return ToGrpcStatus(NotFound("MAIL_THREAD_NOT_FOUND", "mail thread " + MailThreadName(id) + " does not exist"));
  ToProto(thread, out->mutable_thread());
  // Mail let in holding NHS numbers is for admins only.
  const bool admin = caller.principal().role == domain::Role::kAdmin;
  for (const auto& m : messages)
    if (admin || !m.identifiable) ToProto(m, out->add_messages());
  return grpc::Status::OK;
}

}  // namespace kmhub::api
