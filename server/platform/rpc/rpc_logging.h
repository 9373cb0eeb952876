#pragma once
// One log line per RPC: method, status code and duration. Health checks log at debug level
// so that load balancers' probes do not drown the log.

#include <grpcpp/support/server_interceptor.h>

#include <memory>

namespace kmhub::api {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRpcLoggingInterceptorFactory();

}  // namespace kmhub::api
