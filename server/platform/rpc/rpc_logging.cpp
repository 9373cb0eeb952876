#include "server/platform/rpc/rpc_logging.h"

#include <spdlog/spdlog.h>

#include "server/platform/rpc/metrics.h"

#include <chrono>
#include <string>

namespace kmhub::api {

namespace {

using grpc::experimental::InterceptionHookPoints;

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK: return "OK";
    case grpc::CANCELLED: return "CANCELLED";
    case grpc::UNKNOWN: return "UNKNOWN";
    case grpc::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND: return "NOT_FOUND";
    case grpc::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::ABORTED: return "ABORTED";
    case grpc::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::INTERNAL: return "INTERNAL";
    case grpc::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::DATA_LOSS: return "DATA_LOSS";
    case grpc::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

class RpcLoggingInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RpcLoggingInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method() ? info->method() : "?"), start_(std::chrono::steady_clock::now()) {
    Metrics::Global().RpcStarted(method_);
  }
  // gRPC destroys the interceptor with the call, however it ended.
  ~RpcLoggingInterceptor() override { Metrics::Global().RpcEnded(method_); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
      Metrics::Global().RecordRpc(method_, CodeName(status.error_code()), ms / 1000.0);
      const auto level = method_.rfind("/grpc.health.", 0) == 0 ? spdlog::level::debug
                         : status.error_code() == grpc::INTERNAL || status.error_code() == grpc::UNKNOWN
                             ? spdlog::level::err
                             : spdlog::level::info;
      if (status.ok())
        spdlog::log(level, "rpc method={} code=OK duration_ms={:.3f}", method_, ms);
      else
        spdlog::log(level, "rpc method={} code={} duration_ms={:.3f} message=\"{}\"", method_,
                    CodeName(status.error_code()), ms, status.error_message());
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  std::chrono::steady_clock::time_point start_;
};

class RpcLoggingInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override {
    return new RpcLoggingInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRpcLoggingInterceptorFactory() {
  return std::make_unique<RpcLoggingInterceptorFactory>();
}

}  // namespace kmhub::api
