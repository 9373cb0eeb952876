#include "tests/support/test_server.h"

#include <stdexcept>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace kmhub::testing {

TestServer::TestServer(Backend backend, api::ServerOptions options) : database_(backend, 4) {
  options.listen_address = "127.0.0.1:0";
  options.worker_threads = 4;
  auto started = api::KmhubServer::Start(options, database_.db());
  if (!started) throw std::runtime_error(started.error().message);
  server_ = std::move(*started);
  client::ClientOptions client_options;
  client_options.server = server_->address();
  client_options.deadline = std::chrono::seconds(10);
  client_ = std::make_unique<client::KmhubClient>(client_options);
}

TestServer::~TestServer() {
  client_.reset();
  server_->Shutdown(std::chrono::milliseconds(100));
}

StatusDetails DetailsOf(const grpc::Status& status) {
  StatusDetails out;
  google::rpc::Status rpc_status;
  if (!rpc_status.ParseFromString(status.error_details())) return out;
  for (const auto& any : rpc_status.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&info)) {
      out.reason = info.reason();
      out.domain = info.domain();
    } else if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) out.violation_fields.push_back(v.field());
    }
  }
  return out;
}

}  // namespace kmhub::testing
