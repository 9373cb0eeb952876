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
// A loopback port held for the test: bound (not listening, so connections to it are refused)
// with SO_REUSEPORT, as gRPC binds its listeners, so that the test's server can listen on it
// while no other process can take it between "free" and "used".
class ReservedPort {
 public:
  ReservedPort() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    const int on = 1;
    REQUIRE(setsockopt(fd_, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) == 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~ReservedPort() { close(fd_); }
  ReservedPort(const ReservedPort&) = delete;
  ReservedPort& operator=(const ReservedPort&) = delete;
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};
}  // namespace

TEST_CASE("client: an idempotent call is retried on UNAVAILABLE until the server is up") {
  TestDatabase database(Backend::kSqlite, 2);
  const ReservedPort port;
  const std::string address = port.address();
  client::ClientOptions options;
  options.server = address;
  options.deadline = std::chrono::milliseconds(500);
  options.max_attempts = 8;
  options.initial_backoff = std::chrono::milliseconds(100);
  client::KmhubClient client(options);

  // The server comes up once the first attempt has failed: the channel has tried to connect
  // (only the call makes it) and been refused. Nothing listens until then, so the call can only
  // succeed by being retried.
  auto server = std::async(std::launch::async, [&]() -> std::unique_ptr<api::KmhubServer> {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (client.channel()->GetState(false) != GRPC_CHANNEL_TRANSIENT_FAILURE &&
           std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (client.channel()->GetState(false) != GRPC_CHANNEL_TRANSIENT_FAILURE) return nullptr;  // never refused
    api::ServerOptions server_options;
    server_options.listen_address = address;
    server_options.worker_threads = 2;
    server_options.auth.enabled = false;  // this test is about retries, not credentials
    return std::move(*api::KmhubServer::Start(server_options, database.db()));
  });
  kmhub::v1::ListOrganisationsResponse response;
  const auto status = client.ListOrganisations({}, &response);
  const auto started = server.get();
  REQUIRE(started);  // the first attempt was refused
  CHECK(status.ok());
  started->Shutdown(std::chrono::milliseconds(100));
}

TEST_CASE("client: with one attempt, an unreachable server is UNAVAILABLE within the deadline") {
  const ReservedPort port;
  client::ClientOptions options;
  options.server = port.address();
  options.deadline = std::chrono::milliseconds(300);
  options.max_attempts = 1;
  client::KmhubClient client(options);
  const auto start = std::chrono::steady_clock::now();
  kmhub::v1::Organisation out;
  const auto status = client.GetOrganisation("organisations/1", &out);
  CHECK(status.error_code() == grpc::StatusCode::UNAVAILABLE);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}
