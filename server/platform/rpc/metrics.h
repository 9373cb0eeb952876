#pragma once
// Process-wide counters for the Prometheus endpoint: RPCs by method and code, latency
// histograms by method, and rows imported. Recording locks one of several stripes, picked by
// thread, so that 16 workers do not queue on one lock for every call; rendering sums them.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace kmhub::api {

class Metrics {
 public:
  static Metrics& Global();

  // A call has arrived / is over (answered, cancelled or dropped): the in-flight gauge.
  void RpcStarted(const std::string& method);
  void RpcEnded(const std::string& method);
  void RecordRpc(const std::string& method, const char* code, double seconds);
  void AddImportRows(const std::string& kind, std::int64_t rows);

  // The Prometheus text exposition format (version 0.0.4) of everything recorded, followed by
  // `extra` (gauges the caller owns, such as the database pool).
  std::string Render(const std::string& extra = "") const;

  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1,     2.5,  5,     10};

 private:
  struct MethodStats {
    std::map<std::string, std::uint64_t> by_code;
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // non-cumulative here, cumulative when rendered
    std::uint64_t count = 0;
    double sum = 0;
    // Started minus ended on this stripe. A call may end on another thread's stripe than the one
    // it started on, so one stripe's figure can be negative; the sum over stripes is the gauge.
    std::int64_t in_flight = 0;
  };
  struct Stripe {
    mutable std::mutex mu;
    std::map<std::string, MethodStats> methods;
  };
  static constexpr std::size_t kStripes = 16;
  Stripe& StripeOfThisThread();

  std::array<Stripe, kStripes> stripes_;
  mutable std::mutex imports_mu_;
  std::map<std::string, std::int64_t> import_rows_;
};

}  // namespace kmhub::api
