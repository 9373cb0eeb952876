#include "client/kmhub_client.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "server/server_builder.h"
#include "tests/support/test_database.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {
// A port that was free a moment ago.
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}
}  // namespace

TEST_CASE("client: an idempotent call is retried on UNAVAILABLE until the server is up") {
  TestDatabase database(Backend::kSqlite, 2);
  const std::string address = "127.0.0.1:" + std::to_string(FreePort());
  client::ClientOptions options;
  options.server = address;
  options.deadline = std::chrono::milliseconds(500);
  options.max_attempts = 8;
  options.initial_backoff = std::chrono::milliseconds(100);
  client::KmhubClient client(options);

  // The server comes up ~400 ms after the first attempt.
  auto server = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    api::ServerOptions server_options;
    server_options.listen_address = address;
    server_options.worker_threads = 2;
    server_options.auth.enabled = false;  // this test is about retries, not credentials
    return std::move(*api::KmhubServer::Start(server_options, database.db()));
  });
  kmhub::v1::ListOrganisationsResponse response;
  const auto status = client.ListOrganisations({}, &response);
  CHECK(status.ok());
  server.get()->Shutdown(std::chrono::milliseconds(100));
}

TEST_CASE("client: with one attempt, an unreachable server is UNAVAILABLE within the deadline") {
  client::ClientOptions options;
  options.server = "127.0.0.1:" + std::to_string(FreePort());
  options.deadline = std::chrono::milliseconds(300);
  options.max_attempts = 1;
  client::KmhubClient client(options);
  const auto start = std::chrono::steady_clock::now();
  kmhub::v1::Organisation out;
  const auto status = client.GetOrganisation("organisations/1", &out);
  CHECK(status.error_code() == grpc::StatusCode::UNAVAILABLE);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}
