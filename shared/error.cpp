#include "shared/error.h"

namespace kmhub {

namespace {
Error Make(ErrorCode code, std::string reason, std::string message) {
  return Error{code, std::move(reason), std::move(message), {}};
}
}  // namespace

Error InvalidArgument(std::string reason, std::string message, std::vector<FieldViolation> violations) {
  Error e = Make(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
  e.violations = std::move(violations);
  return e;
}
Error NotFound(std::string reason, std::string message) {
  return Make(ErrorCode::kNotFound, std::move(reason), std::move(message));
}
Error AlreadyExists(std::string reason, std::string message) {
  return Make(ErrorCode::kAlreadyExists, std::move(reason), std::move(message));
}
Error FailedPrecondition(std::string reason, std::string message) {
  return Make(ErrorCode::kFailedPrecondition, std::move(reason), std::move(message));
}
Error Aborted(std::string reason, std::string message) {
  return Make(ErrorCode::kAborted, std::move(reason), std::move(message));
}
Error Unavailable(std::string reason, std::string message) {
  return Make(ErrorCode::kUnavailable, std::move(reason), std::move(message));
}
Error Internal(std::string reason, std::string message) {
  return Make(ErrorCode::kInternal, std::move(reason), std::move(message));
}

Error Unauthenticated(std::string reason, std::string message) {
  return Make(ErrorCode::kUnauthenticated, std::move(reason), std::move(message));
}
Error PermissionDenied(std::string reason, std::string message) {
  return Make(ErrorCode::kPermissionDenied, std::move(reason), std::move(message));
}
Error ResourceExhausted(std::string reason, std::string message, int retry_after_ms) {
  Error e = Make(ErrorCode::kResourceExhausted, std::move(reason), std::move(message));
  e.retry_after_ms = retry_after_ms;
  return e;
}
Error Cancelled(std::string reason, std::string message) {
  return Make(ErrorCode::kCancelled, std::move(reason), std::move(message));
}

void Violations::Add(std::string field, std::string description) {
  list_.push_back({std::move(field), std::move(description)});
}

Error Violations::ToError(std::string reason) const {
  std::string message;
  for (const auto& v : list_) {
    if (!message.empty()) message += "; ";
    message += v.field + ": " + v.description;
  }
  return InvalidArgument(std::move(reason), message, list_);
}

}  // namespace kmhub
