#pragma once
// Errors travel between layers as values (server/README.md): domain and store functions return
// Expected<T>; only the API layer turns an Error into a grpc::Status.

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "shared/error_reasons.h"

namespace kmhub {

struct FieldViolation {
  std::string field;
  std::string description;
  bool operator==(const FieldViolation&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string reason;   // stable, upper snake case: "ORGANISATION_NOT_FOUND"
  std::string message;  // says what to change
  std::vector<FieldViolation> violations;
  int retry_after_ms = 0;  // > 0: sent as google.rpc.RetryInfo (rate limits)
};

// Each takes a reason declared in error_reasons.h with the function's code (checked when compiled).
Error InvalidArgument(Reason<ErrorCode::kInvalidArgument> reason, std::string message,
                      std::vector<FieldViolation> violations = {});
Error NotFound(Reason<ErrorCode::kNotFound> reason, std::string message);
Error AlreadyExists(Reason<ErrorCode::kAlreadyExists> reason, std::string message);
Error FailedPrecondition(Reason<ErrorCode::kFailedPrecondition> reason, std::string message);
Error Aborted(Reason<ErrorCode::kAborted> reason, std::string message);
Error Unavailable(Reason<ErrorCode::kUnavailable> reason, std::string message);
Error Internal(Reason<ErrorCode::kInternal> reason, std::string message);
Error Unauthenticated(Reason<ErrorCode::kUnauthenticated> reason, std::string message);
Error PermissionDenied(Reason<ErrorCode::kPermissionDenied> reason, std::string message);
Error ResourceExhausted(Reason<ErrorCode::kResourceExhausted> reason, std::string message, int retry_after_ms = 0);
Error Cancelled(Reason<ErrorCode::kCancelled> reason, std::string message);
Error DeadlineExceeded(Reason<ErrorCode::kDeadlineExceeded> reason, std::string message);

// Collects field violations; turns into one INVALID_ARGUMENT error when any were found.
class Violations {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return list_.empty(); }
  const std::vector<FieldViolation>& list() const { return list_; }
  // The error for all violations so far; its message lists every one.
  Error ToError(Reason<ErrorCode::kInvalidArgument> reason = "INVALID_ARGUMENT") const;

 private:
  std::vector<FieldViolation> list_;
};

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Expected(Error error) : v_(std::move(error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// For operations that return nothing but may fail.
struct Ok {};
using Outcome = Expected<Ok>;

}  // namespace kmhub

#define KMHUB_CONCAT_INNER(a, b) a##b
#define KMHUB_CONCAT(a, b) KMHUB_CONCAT_INNER(a, b)

// Inside a function returning Expected<U> or Outcome: propagate the error or bind the value.
#define KMHUB_ASSIGN_OR_RETURN(lhs, expr)                               \
  auto KMHUB_CONCAT(kmhub_result_, __LINE__) = (expr);                  \
  if (!KMHUB_CONCAT(kmhub_result_, __LINE__))                           \
    return KMHUB_CONCAT(kmhub_result_, __LINE__).error();               \
  lhs = std::move(*KMHUB_CONCAT(kmhub_result_, __LINE__))

#define KMHUB_TRY(expr)                                                 \
  do {                                                                  \
    auto kmhub_try_result = (expr);                                     \
    if (!kmhub_try_result) return kmhub_try_result.error();             \
  } while (false)
