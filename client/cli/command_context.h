#pragma once
// What every CLI command shares: the client, the output format, and how failures are told.

#include <CLI/CLI.hpp>
#include <google/protobuf/field_mask.pb.h>

#include <iostream>
#include <memory>
#include <string>

#include "client/cli/output.h"
#include "client/kmhub_client.h"

namespace kmhub::cli {

// Exit codes (documented in the README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;     // usage errors, INVALID_ARGUMENT
inline constexpr int kExitNotFound = 3;
inline constexpr int kExitConflict = 4;     // ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION
inline constexpr int kExitUnavailable = 5;  // UNAVAILABLE, DEADLINE_EXCEEDED
inline constexpr int kExitDenied = 6;       // UNAUTHENTICATED, PERMISSION_DENIED

int ExitCodeFor(grpc::StatusCode code);

class CommandContext {
 public:
  CommandContext() = default;
  // Registers --server, --output and --timeout on the top-level app.
  void AddGlobalOptions(CLI::App& app);

  client::KmhubClient& client();
  OutputFormat format() const;

  // Prints "kmhub: <message>" on stderr and returns the exit code for the status.
  int Fail(const grpc::Status& status) const;
  // What Fail prints for `status` (after "kmhub: "): the server's message, or what to do when
  // the server could not be reached or did not answer in time.
  std::string Describe(const grpc::Status& status) const;
  // The same, then each field violation on a line of its own ("  line 3: count: …"): what
  // a person fixing a rejected import file needs.
  int FailWithViolations(const grpc::Status& status) const;
  // An import that failed: as FailWithViolations, but when the answer was lost (a timeout, a
  // lost connection), says that the import may have completed on the server and `how_to_check`.
  int FailImport(const grpc::Status& status, const std::string& how_to_check) const;
  // An import answered with its file's problems (problems_in_response): says that nothing was
  // imported, lists every problem, and returns the bad-input exit code.
  int FailWithImportProblems(const google::protobuf::RepeatedPtrField<kmhub::v1::ImportProblem>& problems) const;
  // Prints a usage-style error (bad flag value) and returns kExitBadInput.
  int BadInput(const std::string& message) const;
  // The whole file into `text`; false (the error printed, exit_code set) if it cannot be read.
  bool ReadFile(const std::string& path, std::string* text);
  // Prints one resource: as a record (table), its JSON, or CSV.
  int EmitOne(const google::protobuf::Message& message, const Table& table) const;
  // Prints a listing: a table, the JSON of the response, or CSV.
  int EmitList(const google::protobuf::Message& message, const Table& table) const;

  int exit_code = kExitOk;

 private:
  std::string server_ = client::DefaultServerAddress();
  std::string token_ = client::DefaultToken();
  bool tls_ = false;
  std::string tls_ca_file_, tls_cert_file_, tls_key_file_, tls_server_name_;
  std::string output_ = "table";
  double timeout_seconds_ = 10;
  std::unique_ptr<client::KmhubClient> client_;
};

// Builds an update: each flag the user gave sets its field and names it in the update mask, so
// that only what was asked for changes.
template <typename Message>
class MaskedUpdate {
 public:
  MaskedUpdate(const CLI::App& cmd, Message* message, google::protobuf::FieldMask* mask)
      : cmd_(cmd), message_(message), mask_(mask) {}
  void Text(const char* flag, const char* path, const std::string& value,
            void (Message::*set)(const std::string&)) {
    if (!cmd_.count(flag)) return;
    (message_->*set)(value);
    mask_->add_paths(path);
  }
  // For fields set by the caller: true when the flag was given (and the path is now named).
  bool Given(const char* flag, const char* path) {
    if (!cmd_.count(flag)) return false;
    mask_->add_paths(path);
    return true;
  }
  bool empty() const { return mask_->paths_size() == 0; }

 private:
  const CLI::App& cmd_;
  Message* message_;
  google::protobuf::FieldMask* mask_;
};

// Fetches one page, or with `all` every page, of a List call into `out` (whose next_page_token
// is the one after the last page fetched). `items` picks the repeated field of a response.
template <typename Request, typename Response, typename Call, typename Items>
grpc::Status FetchPages(Request request, bool all, Response* out, Call call, Items items) {
  do {
    Response page;
    if (auto status = call(request, &page); !status.ok()) return status;
    for (auto& item : *items(page)) *items(*out)->Add() = std::move(item);
    out->set_next_page_token(page.next_page_token());
    request.set_page_token(page.next_page_token());
  } while (all && !request.page_token().empty());
  return grpc::Status::OK;
}

// Prints a listing, and on a terminal says how to get the next page.
template <typename Response>
int EmitPages(const CommandContext& ctx, const Response& response, const Table& table) {
  ctx.EmitList(response, table);
  if (!response.next_page_token().empty() && ctx.format() == OutputFormat::kTable)
    std::cerr << "(more: add --page-token " << response.next_page_token() << ", or --all)\n";
  return kExitOk;
}

// "3" -> "organisations/3"; a full name is kept.
std::string OrganisationArgument(const std::string& text);
std::string RelationshipArgument(const std::string& text);

}  // namespace kmhub::cli
