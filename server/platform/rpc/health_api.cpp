#include "server/platform/rpc/health_api.h"

#include "server/platform/rpc/malformed_requests.h"
#include "server/platform/rpc/server_stream_call.h"

namespace kmhub::api {

namespace {

using grpc::health::v1::HealthCheckResponse;

std::shared_ptr<const HealthCheckResponse> Message(HealthCheckResponse::ServingStatus status) {
  auto message = std::make_shared<HealthCheckResponse>();
  message->set_status(status);
  return message;
}

grpc::Status ShuttingDown() { return {grpc::StatusCode::UNAVAILABLE, "the server is shutting down"}; }

}  // namespace

// One Watch stream. SetServing and Close reach it from other threads.
class HealthWatchCall final : public ServerStreamCall<HealthCheckResponse> {
 public:
  explicit HealthWatchCall(HealthApi& health) : health_(health) {
    auto* queue = health.queue_.queue();  // requested only while the queue is open (AsyncQueue)
    health.queue_.StartIfOpen([&] { health.RequestWatchAsBytes(&ctx_, &request_bytes_, &writer_, queue, request_tag()); });
  }

  ~HealthWatchCall() override {
    if (joined_) health_.Leave(this);
  }

  // With the health service's lock held, in the order of the changes.
  void Tell(HealthCheckResponse::ServingStatus status) { Send(Message(status)); }
  void Close() { End(ShuttingDown()); }

 private:
  void OnStart() override {
    health_.ListenForNextWatch();
    if (const auto malformed = ParseRequest(request_bytes_, &request_)) {
      End(*malformed);
      return;
    }
    joined_ = health_.Join(this);  // tells this watcher the status at once
    if (!joined_) End(ShuttingDown());
  }

  HealthApi& health_;
  grpc::ByteBuffer request_bytes_;
  grpc::health::v1::HealthCheckRequest request_;
  bool joined_ = false;  // only the queue's thread touches it
  friend class HealthApi;
};

HealthApi::HealthApi(const std::vector<std::string>& services, AsyncQueue& queue)
    : queue_(queue), services_([&] {
        std::set<std::string> names(services.begin(), services.end());
        names.insert("");
        return names;
      }()) {}

HealthApi::Status HealthApi::StatusOf(const std::string& service) const {
  if (!services_.count(service)) return HealthCheckResponse::SERVICE_UNKNOWN;
  return serving_ ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING;
}

grpc::Status HealthApi::Check(grpc::ServerContext*, const grpc::health::v1::HealthCheckRequest* req,
                              HealthCheckResponse* out) {
  std::lock_guard lock(mu_);
  const auto status = StatusOf(req->service());
  if (status == HealthCheckResponse::SERVICE_UNKNOWN)
    return {grpc::StatusCode::NOT_FOUND, "no service named \"" + req->service() + "\" on this server"};
  out->set_status(status);
  return grpc::Status::OK;
}

void HealthApi::ListenForNextWatch() { queue_.Adopt(new HealthWatchCall(*this)); }

void HealthApi::RequestWatchAsBytes(grpc::ServerContext* ctx, grpc::ByteBuffer* request,
                                    grpc::ServerAsyncWriter<HealthCheckResponse>* writer,
                                    grpc::ServerCompletionQueue* cq, void* tag) {
  static const int method = grpc::health::v1::HealthCheckRequest::descriptor()
                                ->file()
                                ->FindServiceByName("Health")
                                ->FindMethodByName("Watch")
                                ->index();
  RequestAsyncServerStreaming(method, ctx, request, writer, cq, cq, tag);
}

bool HealthApi::Join(HealthWatchCall* watcher) {
  std::lock_guard lock(mu_);
  if (closed_) return false;
  watchers_.insert(watcher);
  watcher->StartWriting(Message(StatusOf(watcher->request_.service())));
  return true;
}

void HealthApi::Leave(HealthWatchCall* watcher) {
  std::lock_guard lock(mu_);
  watchers_.erase(watcher);
}

void HealthApi::SetServing(bool serving) {
  std::lock_guard lock(mu_);
  if (closed_ || serving_ == serving) return;
  serving_ = serving;
  for (auto* watcher : watchers_) {
    const auto status = StatusOf(watcher->request_.service());
    if (status != HealthCheckResponse::SERVICE_UNKNOWN) watcher->Tell(status);
  }
}

void HealthApi::Close() {
  SetServing(false);
  std::lock_guard lock(mu_);
  closed_ = true;
  for (auto* watcher : watchers_) watcher->Close();
}

}  // namespace kmhub::api
