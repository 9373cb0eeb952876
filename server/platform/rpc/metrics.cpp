#include "server/platform/rpc/metrics.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <thread>

namespace kmhub::api {

namespace {

// Label values are method paths and code names: no quotes or backslashes to escape, but be safe.
std::string Label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

Metrics& Metrics::Global() {
  static Metrics metrics;
  return metrics;
}

Metrics::Stripe& Metrics::StripeOfThisThread() {
  thread_local const std::size_t index = std::hash<std::thread::id>{}(std::this_thread::get_id()) % kStripes;
  return stripes_[index];
}

void Metrics::RpcStarted(const std::string& method) {
  Stripe& stripe = StripeOfThisThread();
  std::lock_guard lock(stripe.mu);
  ++stripe.methods[method].in_flight;
}

void Metrics::RpcEnded(const std::string& method) {
  Stripe& stripe = StripeOfThisThread();
  std::lock_guard lock(stripe.mu);
  --stripe.methods[method].in_flight;
}

void Metrics::RecordRpc(const std::string& method, const char* code, double seconds) {
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin());
  Stripe& stripe = StripeOfThisThread();
  std::lock_guard lock(stripe.mu);
  auto& stats = stripe.methods[method];
  ++stats.by_code[code];
  if (bucket < kBuckets.size()) ++stats.buckets[bucket];
  ++stats.count;
  stats.sum += seconds;
}

void Metrics::AddImportRows(const std::string& kind, std::int64_t rows) {
  std::lock_guard lock(imports_mu_);
  import_rows_[kind] += rows;
}

std::string Metrics::Render(const std::string& extra) const {
  // Sum the stripes into one view.
  std::map<std::string, MethodStats> methods;
  for (const auto& stripe : stripes_) {
    std::lock_guard lock(stripe.mu);
    for (const auto& [method, stats] : stripe.methods) {
      auto& total = methods[method];
      for (const auto& [code, n] : stats.by_code) total.by_code[code] += n;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) total.buckets[i] += stats.buckets[i];
      total.count += stats.count;
      total.sum += stats.sum;
      total.in_flight += stats.in_flight;
    }
  }
  std::lock_guard lock(imports_mu_);
  std::string out;
  out += "# HELP kmhub_rpc_requests_total RPCs handled, by method and status code.\n";
  out += "# TYPE kmhub_rpc_requests_total counter\n";
  for (const auto& [method, stats] : methods)
    for (const auto& [code, n] : stats.by_code)
      out += "kmhub_rpc_requests_total{method=\"" + Label(method) + "\",code=\"" + code + "\"} " +
             std::to_string(n) + "\n";
  out += "# HELP kmhub_rpc_in_flight Calls arrived and not yet over, by method.\n";
  out += "# TYPE kmhub_rpc_in_flight gauge\n";
  for (const auto& [method, stats] : methods)
    out += "kmhub_rpc_in_flight{method=\"" + Label(method) + "\"} " + std::to_string(stats.in_flight) + "\n";
  out += "# HELP kmhub_rpc_duration_seconds Time from a call's arrival to its status, by method.\n";
  out += "# TYPE kmhub_rpc_duration_seconds histogram\n";
  for (const auto& [method, stats] : methods) {
    const std::string m = Label(method);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += stats.buckets[i];
      out += "kmhub_rpc_duration_seconds_bucket{method=\"" + m + "\",le=\"" + Number(kBuckets[i]) + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "kmhub_rpc_duration_seconds_bucket{method=\"" + m + "\",le=\"+Inf\"} " + std::to_string(stats.count) + "\n";
    out += "kmhub_rpc_duration_seconds_sum{method=\"" + m + "\"} " + Number(stats.sum) + "\n";
    out += "kmhub_rpc_duration_seconds_count{method=\"" + m + "\"} " + std::to_string(stats.count) + "\n";
  }
  out += "# HELP kmhub_import_rows_total Rows written by imports (vCards, plan tasks), by kind.\n";
  out += "# TYPE kmhub_import_rows_total counter\n";
  for (const auto& [kind, n] : import_rows_)
    out += "kmhub_import_rows_total{kind=\"" + Label(kind) + "\"} " + std::to_string(n) + "\n";
  return out + extra;
}

}  // namespace kmhub::api
