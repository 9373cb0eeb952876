#include "client/cli/command_context.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kmhub::cli {

namespace {
std::string ReadPem(const std::string& path) {
  if (path.empty()) return "";
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

bool CommandContext::ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    exit_code = BadInput("cannot read " + path + ": no such file, or not readable");
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return true;
}

int ExitCodeFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return kExitOk;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE: return kExitBadInput;
    case grpc::StatusCode::NOT_FOUND: return kExitNotFound;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::FAILED_PRECONDITION: return kExitConflict;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return kExitUnavailable;
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED: return kExitDenied;
    default: return kExitFailure;
  }
}

void CommandContext::AddGlobalOptions(CLI::App& app) {
  app.add_option("--server,-s", server_, "kmhub server address (host:port)")
      ->envname(client::kServerEnvironmentVariable)
      ->capture_default_str();
  app.add_option("--output,-o", output_, "Output format: table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  app.add_option("--timeout", timeout_seconds_, "Deadline of each call, in seconds")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.add_option("--token", token_, "Bearer token (kmhub_…); prefer the environment variable, which ps does not show")
      ->envname(client::kTokenEnvironmentVariable);
  app.add_flag("--tls", tls_, "Connect with TLS, checking the server against the system's CAs")
      ->envname("KMHUB_TLS");
  app.add_option("--tls-ca", tls_ca_file_, "PEM CA that signed the server's certificate (implies --tls)")
      ->envname("KMHUB_TLS_CA")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-cert", tls_cert_file_, "PEM client certificate, for mutual TLS")
      ->envname("KMHUB_TLS_CERT")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", tls_key_file_, "PEM private key of --tls-cert")
      ->envname("KMHUB_TLS_KEY")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-server-name", tls_server_name_, "Name to expect in the server's certificate, if not its address")
      ->envname("KMHUB_TLS_SERVER_NAME");
}

client::KmhubClient& CommandContext::client() {
  if (!client_) {
    client::ClientOptions options;
    options.server = server_;
    options.deadline = std::chrono::milliseconds(static_cast<long long>(timeout_seconds_ * 1000));
    options.token = token_;
    options.tls = tls_;
    options.tls_ca_pem = ReadPem(tls_ca_file_);
    options.tls_certificate_pem = ReadPem(tls_cert_file_);
    options.tls_private_key_pem = ReadPem(tls_key_file_);
    options.tls_server_name = tls_server_name_;
    client_ = std::make_unique<client::KmhubClient>(options);
  }
  return *client_;
}

OutputFormat CommandContext::format() const {
  if (output_ == "json") return OutputFormat::kJson;
  if (output_ == "csv") return OutputFormat::kCsv;
  return OutputFormat::kTable;
}

int CommandContext::FailWithViolations(const grpc::Status& status) const {
  const auto details = client::ParseErrorDetails(status);
  const int code = Fail(status);
  for (const auto& [field, reason] : details.field_violations) std::cerr << "  " << field << ": " << reason << '\n';
  return code;
}

int CommandContext::FailImport(const grpc::Status& status, const std::string& how_to_check) const {
  const auto code = status.error_code();
  if (code != grpc::StatusCode::DEADLINE_EXCEEDED && code != grpc::StatusCode::UNAVAILABLE &&
      code != grpc::StatusCode::CANCELLED)
    return FailWithViolations(status);
  std::cerr << "kmhub: " << Describe(status) << "; the import may have completed on the server: " << how_to_check
            << '\n';
  return ExitCodeFor(code);
}

int CommandContext::FailWithImportProblems(
    const google::protobuf::RepeatedPtrField<kmhub::v1::ImportProblem>& problems) const {
  std::cerr << "kmhub: " << problems.size() << " problem(s) in the file, nothing was imported\n";
  for (const auto& p : problems) std::cerr << "  " << p.field() << ": " << p.description() << '\n';
  return kExitBadInput;
}

int CommandContext::Fail(const grpc::Status& status) const {
  std::cerr << "kmhub: " << Describe(status) << '\n';
  return ExitCodeFor(status.error_code());
}

std::string CommandContext::Describe(const grpc::Status& status) const {
  std::string message = status.error_message();
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE)
    message = "cannot reach the kmhub server at " + server_ + " (" + message +
              "); is it running? Set --server or KMHUB_SERVER";
  else if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
    message = "the server at " + server_ + " did not answer within " + std::to_string(timeout_seconds_).substr(0, 4) +
              " s; try again or raise --timeout";
  else if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED)
    message += token_.empty() ? " (no token given: set KMHUB_TOKEN or --token)" : "";
  return message;
}

int CommandContext::BadInput(const std::string& message) const {
  std::cerr << "kmhub: " << message << '\n';
  return kExitBadInput;
}

int CommandContext::EmitOne(const google::protobuf::Message& message, const Table& table) const {
  switch (format()) {
    case OutputFormat::kJson: std::cout << ToJson(message) << '\n'; break;
    case OutputFormat::kCsv: PrintCsv(std::cout, table); break;
    case OutputFormat::kTable: PrintRecord(std::cout, table); break;
  }
  return kExitOk;
}

int CommandContext::EmitList(const google::protobuf::Message& message, const Table& table) const {
  switch (format()) {
    case OutputFormat::kJson: std::cout << ToJson(message) << '\n'; break;
    case OutputFormat::kCsv: PrintCsv(std::cout, table); break;
    case OutputFormat::kTable: PrintTable(std::cout, table); break;
  }
  return kExitOk;
}

std::string OrganisationArgument(const std::string& text) {
  return AllDigits(text) ? "organisations/" + text : text;
}

std::string RelationshipArgument(const std::string& text) {
  return AllDigits(text) ? "relationships/" + text : text;
}

}  // namespace kmhub::cli
