#pragma once
// Error values -> grpc::Status carrying google.rpc.Status details (README.md, "API"):
// ErrorInfo {reason, domain "kmhub"} always, BadRequest when there are field violations.

#include <grpcpp/grpcpp.h>

#include "shared/error.h"

namespace kmhub::api {

inline constexpr const char* kErrorDomain = "kmhub";

grpc::Status ToGrpcStatus(const Error& error);

}  // namespace kmhub::api

// Inside a handler: bind the value or return the error as a grpc::Status.
#define KMHUB_RPC_ASSIGN_OR_RETURN(lhs, expr)                                        \
  auto KMHUB_CONCAT(kmhub_rpc_result_, __LINE__) = (expr);                           \
  if (!KMHUB_CONCAT(kmhub_rpc_result_, __LINE__))                                    \
    return ::kmhub::api::ToGrpcStatus(KMHUB_CONCAT(kmhub_rpc_result_, __LINE__).error()); \
  lhs = std::move(*KMHUB_CONCAT(kmhub_rpc_result_, __LINE__))

#define KMHUB_RPC_TRY(expr)                                                            \
  do {                                                                                 \
    auto kmhub_rpc_try = (expr);                                                       \
    if (!kmhub_rpc_try) return ::kmhub::api::ToGrpcStatus(kmhub_rpc_try.error());      \
  } while (false)
