#include "server/platform/rpc/metrics.h"

#include <catch2/catch.hpp>

using kmhub::api::Metrics;

TEST_CASE("metrics: counts by method and code, cumulative latency buckets, import rows") {
  Metrics m;
  m.RecordRpc("/kmhub.v1.X/Get", "OK", 0.0004);     // first bucket (<= 0.5 ms)
  m.RecordRpc("/kmhub.v1.X/Get", "OK", 0.003);      // <= 5 ms
  m.RecordRpc("/kmhub.v1.X/Get", "NOT_FOUND", 20);  // beyond the last bucket: only +Inf
  m.AddImportRows("vcard", 40);
  m.AddImportRows("vcard", 2);
  const auto text = m.Render("extra_gauge 1\n");
  CHECK(text.find("kmhub_rpc_requests_total{method=\"/kmhub.v1.X/Get\",code=\"OK\"} 2\n") != std::string::npos);
  CHECK(text.find("kmhub_rpc_requests_total{method=\"/kmhub.v1.X/Get\",code=\"NOT_FOUND\"} 1\n") != std::string::npos);
  CHECK(text.find("kmhub_rpc_duration_seconds_bucket{method=\"/kmhub.v1.X/Get\",le=\"0.0005\"} 1\n") != std::string::npos);
  CHECK(text.find("kmhub_rpc_duration_seconds_bucket{method=\"/kmhub.v1.X/Get\",le=\"0.0025\"} 1\n") != std::string::npos);
  CHECK(text.find("kmhub_rpc_duration_seconds_bucket{method=\"/kmhub.v1.X/Get\",le=\"0.005\"} 2\n") != std::string::npos);
  CHECK(text.find("kmhub_rpc_duration_seconds_bucket{method=\"/kmhub.v1.X/Get\",le=\"10\"} 2\n") != std::string::npos);
  CHECK(text.find("kmhub_rpc_duration_seconds_bucket{method=\"/kmhub.v1.X/Get\",le=\"+Inf\"} 3\n") != std::string::npos);
  CHECK(text.find("kmhub_rpc_duration_seconds_count{method=\"/kmhub.v1.X/Get\"} 3\n") != std::string::npos);
  CHECK(text.find("kmhub_import_rows_total{kind=\"vcard\"} 42\n") != std::string::npos);
  CHECK(text.substr(text.size() - 14) == "extra_gauge 1\n");
}
