#pragma once
// Closed-loop load from gRPC's async client API: `concurrency` calls always outstanding, each on
// its own channel (a connection per simulated client), all driven by one thread and one
// completion queue, as gRPC's own QPS benchmarks and tools like ghz do. Next to the server on
// the same two cores, a thread per call with the blocking API spends about a third of the CPU
// on the load generator's own thread switches; this way more of the machine measures the server.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "bench/cpu_steal.h"

namespace kmhub::bench {

using Clock = std::chrono::steady_clock;

struct LoadResult {
  double qps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  long errors = 0;
  long calls = 0;
  // Of the machine's CPU time in the measured window, the share other guests took (cpu_steal.h).
  double steal_percent = -1;
};

// One outstanding call at a time.
class AsyncSlot {
 public:
  virtual ~AsyncSlot() = default;
  // Issues the next call on `queue`, tagged with this slot.
  virtual void Start(grpc::CompletionQueue* queue) = 0;
  // After the completion: did the call succeed with the expected answer?
  virtual bool Succeeded() const = 0;
  Clock::time_point started;
};

// A unary call: `issue` starts it (stub->AsyncX(ctx, request, queue)); `check` judges the answer.
template <class Response>
class UnarySlot final : public AsyncSlot {
 public:
  using Issue = std::function<std::unique_ptr<grpc::ClientAsyncResponseReader<Response>>(grpc::ClientContext*,
                                                                                          grpc::CompletionQueue*)>;
  UnarySlot(Issue issue, std::function<bool(const Response&)> check)
      : issue_(std::move(issue)), check_(std::move(check)) {}

  void Start(grpc::CompletionQueue* queue) override {
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    response_.Clear();
    started = Clock::now();
    reader_ = issue_(context_.get(), queue);
    reader_->Finish(&response_, &status_, this);
  }
  bool Succeeded() const override { return status_.ok() && check_(response_); }

 private:
  Issue issue_;
  std::function<bool(const Response&)> check_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader_;
  Response response_;
  grpc::Status status_;
};

// `make_slot(i)` builds slot i (on its own channel). A warm-up of up to half a second first.
inline LoadResult MeasureAsync(int concurrency, double seconds,
                               const std::function<std::unique_ptr<AsyncSlot>(int)>& make_slot) {
  grpc::CompletionQueue queue;
  std::vector<std::unique_ptr<AsyncSlot>> slots;
  for (int i = 0; i < concurrency; ++i) slots.push_back(make_slot(i));
  for (auto& slot : slots) slot->Start(&queue);

  const auto begin = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(std::min(0.5, seconds / 2)));
  auto end = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  const auto give_up = end + std::chrono::seconds(20);
  std::vector<double> latencies;
  latencies.reserve(1 << 20);
  LoadResult result;
  std::optional<StealMeter> steal;  // from the start of the measured window
  int outstanding = concurrency;
  bool stopping = false;
  while (outstanding > 0) {
    void* tag = nullptr;
    bool ok = false;
    if (queue.Next(&tag, &ok) == false) break;
    auto* slot = static_cast<AsyncSlot*>(tag);
    const auto now = Clock::now();
    if (!steal && now >= begin) steal.emplace();
    if (slot->started >= begin && now <= end) {
      if (ok && slot->Succeeded())
        latencies.push_back(std::chrono::duration<double, std::milli>(now - slot->started).count());
      else
        ++result.errors;
    }
    // A short smoke run on a busy machine may finish no call in its window: go on (a bounded
    // time) until one does, so that "no calls" means the calls do not work.
    if (now > end && latencies.empty() && result.errors == 0 && now < give_up) end = now + std::chrono::milliseconds(1);
    stopping = stopping || now > end;
    if (stopping && steal && result.steal_percent < 0) result.steal_percent = steal->Percent();
    if (stopping)
      --outstanding;
    else
      slot->Start(&queue);
  }
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  const double elapsed = std::chrono::duration<double>(end - begin).count();
  std::sort(latencies.begin(), latencies.end());
  result.calls = static_cast<long>(latencies.size());
  result.qps = elapsed > 0 ? static_cast<double>(latencies.size()) / elapsed : 0;
  if (!latencies.empty()) {
    result.p50_ms = latencies[latencies.size() / 2];
    result.p99_ms = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }
  return result;
}

}  // namespace kmhub::bench
