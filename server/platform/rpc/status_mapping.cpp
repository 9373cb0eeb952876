#include "server/platform/rpc/status_mapping.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace kmhub::api {

namespace {

// Trailers must fit the client's metadata limit (gRPC's default: 8 KiB for all of them). The
// message travels twice (grpc-message, percent-encoded: up to 3 bytes a byte; and inside the
// details), the details base64-encoded (4 bytes for 3): within these budgets the worst case is
// about 6 KiB. An import with a hundred bad rows otherwise overflowed it, and the client saw
// only "received initial metadata size exceeds limit".
constexpr std::size_t kMaxMessageBytes = 600;
constexpr std::size_t kMaxViolationBytes = 2500;
constexpr std::size_t kMaxDescriptionBytes = 300;

// Cut at a character boundary (never inside a UTF-8 sequence), marked with an ellipsis.
std::string Shortened(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\u2026";
}

}  // namespace

grpc::Status ToGrpcStatus(const Error& error) {
  google::rpc::Status status;
  const std::string message = Shortened(error.message, kMaxMessageBytes);
  status.set_code(static_cast<int>(error.code));
  status.set_message(message);

  google::rpc::ErrorInfo info;
  info.set_reason(error.reason);
  info.set_domain(kErrorDomain);
  status.add_details()->PackFrom(info);

  if (!error.violations.empty()) {
    // The first violations, as many as the budget holds, and how many more there were.
    google::rpc::BadRequest bad_request;
    std::size_t bytes = 0, listed = 0;
    for (const auto& v : error.violations) {
      const std::string field = Shortened(v.field, 100), description = Shortened(v.description, kMaxDescriptionBytes);
      bytes += field.size() + description.size() + 8;
      if (bytes > kMaxViolationBytes) break;
      auto* fv = bad_request.add_field_violations();
      fv->set_field(field);
      fv->set_description(description);
      ++listed;
    }
    if (listed < error.violations.size()) {
      auto* more = bad_request.add_field_violations();
      more->set_field("(more)");
      more->set_description(std::to_string(error.violations.size() - listed) + " more problems not listed here");
    }
    status.add_details()->PackFrom(bad_request);
  }
  if (error.retry_after_ms > 0) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(error.retry_after_ms / 1000);
    retry.mutable_retry_delay()->set_nanos((error.retry_after_ms % 1000) * 1000000);
    status.add_details()->PackFrom(retry);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(error.code), message, status.SerializeAsString());
}

}  // namespace kmhub::api
