#include "server/platform/rpc/malformed_requests.h"

#include <google/protobuf/stubs/logging.h>

#include <mutex>
#include <optional>
#include <utility>

#include "server/platform/rpc/status_mapping.h"

namespace kmhub::api {

namespace {

using grpc::experimental::InterceptionHookPoints;

thread_local std::string invalid_utf8_field;
google::protobuf::LogHandler* previous_handler = nullptr;

// protobuf (wire_format_lite.cc): "String field 'kmhub.v1.Organisation.display_name' contains
// invalid UTF-8 data when parsing a protocol buffer. ..."
void RememberInvalidUtf8(google::protobuf::LogLevel level, const char* file, int line, const std::string& message) {
  constexpr std::string_view kStart = "String field '";
  if (message.rfind(kStart, 0) == 0 && message.find("invalid UTF-8 data when parsing") != std::string::npos) {
    const auto end = message.find('\'', kStart.size());
    if (end != std::string::npos) invalid_utf8_field = message.substr(kStart.size(), end - kStart.size());
  }
  if (previous_handler) previous_handler(level, file, line, message);
}

// "kmhub.v1.Organisation.display_name" -> "Organisation.display_name": the message and field, as
// the proto files name them.
std::string WithoutPackage(const std::string& full_name) {
  const auto field_dot = full_name.rfind('.');
  if (field_dot == std::string::npos || field_dot == 0) return full_name;
  const auto message_dot = full_name.rfind('.', field_dot - 1);
  return message_dot == std::string::npos ? full_name : full_name.substr(message_dot + 1);
}

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // Null when the request did not parse; this runs on the thread that parsed it.
      if (methods->GetRecvMessage() == nullptr) status_ = MalformedRequestStatus();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) && status_ &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL)
      methods->ModifySendStatus(*status_);
    methods->Proceed();
  }

 private:
  std::optional<grpc::Status> status_;
};

class MalformedRequestInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo*) override {
    return new MalformedRequestInterceptor();
  }
};

}  // namespace

void WatchForMalformedStrings() {
  static std::once_flag once;
  std::call_once(once, [] { previous_handler = google::protobuf::SetLogHandler(&RememberInvalidUtf8); });
}

grpc::Status MalformedRequestStatus() {
  const std::string field = std::exchange(invalid_utf8_field, std::string());
  if (field.empty())
    return ToGrpcStatus(InvalidArgument("MALFORMED_REQUEST", "the request is not a well-formed message of this method",
                                        {{"request", "does not parse"}}));
  const std::string name = WithoutPackage(field);
  return ToGrpcStatus(InvalidArgument("INVALID_UTF8", name + " is not valid UTF-8 text",
                                      {{name, "not valid UTF-8 (send text as UTF-8)"}}));
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeMalformedRequestInterceptorFactory() {
  return std::make_unique<MalformedRequestInterceptorFactory>();
}

}  // namespace kmhub::api
