#include "shared/error.h"

namespace kmhub {

namespace {
Error Make(ErrorCode code, std::string_view reason, std::string message) {
  return Error{code, std::string(reason), std::move(message), {}};
}
}  // namespace

Error InvalidArgument(Reason<ErrorCode::kInvalidArgument> reason, std::string message, std::vector<FieldViolation> violations) {
  Error e = Make(ErrorCode::kInvalidArgument, reason.name(), std::move(message));
  e.violations = std::move(violations);
  return e;
}
Error NotFound(Reason<ErrorCode::kNotFound> reason, std::string message) {
  return Make(ErrorCode::kNotFound, reason.name(), std::move(message));
}
Error AlreadyExists(Reason<ErrorCode::kAlreadyExists> reason, std::string message) {
  return Make(ErrorCode::kAlreadyExists, reason.name(), std::move(message));
}
Error FailedPrecondition(Reason<ErrorCode::kFailedPrecondition> reason, std::string message) {
  return Make(ErrorCode::kFailedPrecondition, reason.name(), std::move(message));
}
Error Aborted(Reason<ErrorCode::kAborted> reason, std::string message) {
  return Make(ErrorCode::kAborted, reason.name(), std::move(message));
}
Error Unavailable(Reason<ErrorCode::kUnavailable> reason, std::string message) {
  return Make(ErrorCode::kUnavailable, reason.name(), std::move(message));
}
Error Internal(Reason<ErrorCode::kInternal> reason, std::string message) {
  return Make(ErrorCode::kInternal, reason.name(), std::move(message));
}

Error Unauthenticated(Reason<ErrorCode::kUnauthenticated> reason, std::string message) {
  return Make(ErrorCode::kUnauthenticated, reason.name(), std::move(message));
}
Error PermissionDenied(Reason<ErrorCode::kPermissionDenied> reason, std::string message) {
  return Make(ErrorCode::kPermissionDenied, reason.name(), std::move(message));
}
Error ResourceExhausted(Reason<ErrorCode::kResourceExhausted> reason, std::string message, int retry_after_ms) {
  Error e = Make(ErrorCode::kResourceExhausted, reason.name(), std::move(message));
  e.retry_after_ms = retry_after_ms;
  return e;
}
Error Cancelled(Reason<ErrorCode::kCancelled> reason, std::string message) {
  return Make(ErrorCode::kCancelled, reason.name(), std::move(message));
}
Error DeadlineExceeded(Reason<ErrorCode::kDeadlineExceeded> reason, std::string message) {
  return Make(ErrorCode::kDeadlineExceeded, reason.name(), std::move(message));
}

void Violations::Add(std::string field, std::string description) {
  list_.push_back({std::move(field), std::move(description)});
}

Error Violations::ToError(Reason<ErrorCode::kInvalidArgument> reason) const {
  std::string message;
  for (const auto& v : list_) {
    if (!message.empty()) message += "; ";
    message += v.field + ": " + v.description;
  }
  return InvalidArgument(reason, message, list_);
}

}  // namespace kmhub
