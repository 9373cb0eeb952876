#pragma once
// The standard grpc.health.v1 service, in place of gRPC's default one (whose callback methods
// would start gRPC's extra polling threads: see async_queue.h). Check is a sync call; Watch is
// served from the AsyncQueue. The overall server ("") and each kmhub service are SERVING or
// NOT_SERVING together; a watcher gets the status at once and again whenever it changes, and
// its stream ends when the server shuts down (after NOT_SERVING).

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "server/platform/rpc/async_queue.h"

namespace kmhub::api {

class HealthWatchCall;

// Watch is registered raw: its request arrives as bytes and the call parses it, so that one that
// does not parse is INVALID_ARGUMENT naming the field (malformed_requests.h); its stream is typed.
class HealthApi final : public grpc::health::v1::Health::WithRawMethod_Watch<grpc::health::v1::Health::Service> {
 public:
  // `services`: the full names of the server's services ("kmhub.v1.ProjectService"); "" is added.
  HealthApi(const std::vector<std::string>& services, AsyncQueue& queue);

  grpc::Status Check(grpc::ServerContext* ctx, const grpc::health::v1::HealthCheckRequest* req,
                     grpc::health::v1::HealthCheckResponse* out) override;

  // On the queue's thread: waits for the next Watch call.
  void ListenForNextWatch();
  // Asks for the next Watch call, its request as bytes.
  void RequestWatchAsBytes(grpc::ServerContext* ctx, grpc::ByteBuffer* request,
                           grpc::ServerAsyncWriter<grpc::health::v1::HealthCheckResponse>* writer,
                           grpc::ServerCompletionQueue* cq, void* tag);
  // Every service at once; watchers are told.
  void SetServing(bool serving);
  // NOT_SERVING, then every watch ends (UNAVAILABLE) and later ones are refused.
  void Close();

 private:
  friend class HealthWatchCall;
  using Status = grpc::health::v1::HealthCheckResponse::ServingStatus;
  // SERVICE_UNKNOWN for a name that is not one of the services.
  Status StatusOf(const std::string& service) const;
  // False once closed; else the watcher is told of every change until Leave.
  bool Join(HealthWatchCall* watcher);
  void Leave(HealthWatchCall* watcher);

  AsyncQueue& queue_;
  const std::set<std::string> services_;
  mutable std::mutex mu_;
  bool serving_ = true, closed_ = false;
  std::set<HealthWatchCall*> watchers_;
};

}  // namespace kmhub::api
