#include "server/api/status_mapping.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace kmhub::api {

grpc::Status ToGrpcStatus(const Error& error) {
  google::rpc::Status status;
  status.set_code(static_cast<int>(error.code));
  status.set_message(error.message);

  google::rpc::ErrorInfo info;
  info.set_reason(error.reason);
  info.set_domain(kErrorDomain);
  status.add_details()->PackFrom(info);

  if (!error.violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const auto& v : error.violations) {
      auto* fv = bad_request.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(v.description);
    }
    status.add_details()->PackFrom(bad_request);
  }
  if (error.retry_after_ms > 0) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(error.retry_after_ms / 1000);
    retry.mutable_retry_delay()->set_nanos((error.retry_after_ms % 1000) * 1000000);
    status.add_details()->PackFrom(retry);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(error.code), error.message, status.SerializeAsString());
}

}  // namespace kmhub::api
