#include "server/server_builder.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {
grpc::health::v1::HealthCheckResponse::ServingStatus Health(const std::string& address, const std::string& service = "") {
  auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const auto status = stub->Check(&ctx, request, &response);
  REQUIRE(status.ok());
  return response.status();
}
}  // namespace

TEST_CASE("API: the server answers health checks and goes NOT_SERVING before it stops") {
  TestServer server(Backend::kSqlite);
  CHECK(Health(server.address()) == grpc::health::v1::HealthCheckResponse::SERVING);
  CHECK(Health(server.address(), "kmhub.v1.ProjectService") == grpc::health::v1::HealthCheckResponse::SERVING);
  CHECK(Health(server.address(), "kmhub.v1.ForumService") == grpc::health::v1::HealthCheckResponse::SERVING);
  server.server().SetServing(false);
  CHECK(Health(server.address()) == grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  CHECK(Health(server.address(), "kmhub.v1.ProjectService") == grpc::health::v1::HealthCheckResponse::NOT_SERVING);
}

TEST_CASE("API: a health check of a service the server does not have is NOT_FOUND") {
  TestServer server(Backend::kSqlite);
  auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("kmhub.v1.NoSuchService");
  grpc::health::v1::HealthCheckResponse response;
  CHECK(stub->Check(&ctx, request, &response).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("API: a health watch hears the status, each change, and ends at shutdown") {
  auto server = std::make_unique<TestServer>(Backend::kSqlite);
  auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
  using Response = grpc::health::v1::HealthCheckResponse;
  grpc::ClientContext overall_ctx, unknown_ctx;
  for (auto* ctx : {&overall_ctx, &unknown_ctx})
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::health::v1::HealthCheckRequest overall, unknown;
  unknown.set_service("kmhub.v1.NoSuchService");
  auto watch = stub->Watch(&overall_ctx, overall);
  auto unknown_watch = stub->Watch(&unknown_ctx, unknown);
  Response response;
  REQUIRE(watch->Read(&response));
  CHECK(response.status() == Response::SERVING);
  REQUIRE(unknown_watch->Read(&response));
  CHECK(response.status() == Response::SERVICE_UNKNOWN);

  server->server().SetServing(false);
  REQUIRE(watch->Read(&response));
  CHECK(response.status() == Response::NOT_SERVING);
  server->server().SetServing(true);
  REQUIRE(watch->Read(&response));
  CHECK(response.status() == Response::SERVING);

  // Shutdown tells NOT_SERVING and ends the streams at once, not at the end of the grace period.
  const auto before = std::chrono::steady_clock::now();
  server->server().Shutdown(std::chrono::seconds(10));
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(5));
  REQUIRE(watch->Read(&response));
  CHECK(response.status() == Response::NOT_SERVING);
  CHECK_FALSE(watch->Read(&response));
  CHECK(watch->Finish().error_code() == grpc::StatusCode::UNAVAILABLE);
  CHECK_FALSE(unknown_watch->Read(&response));  // the unknown service's status does not change
  CHECK(unknown_watch->Finish().error_code() == grpc::StatusCode::UNAVAILABLE);
}

TEST_CASE("API: a message over the size limit is refused with RESOURCE_EXHAUSTED") {
  api::ServerOptions options;
  options.max_message_bytes = 64 * 1024;
  TestServer server(Backend::kSqlite, options);
  kmhub::v1::ImportContactsRequest request;
  request.set_parent("organisations/1");
  request.set_vcard_data(std::string(100 * 1024, 'x'));
  kmhub::v1::ImportContactsResponse response;
  CHECK(server.client().ImportContacts(request, &response).error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_CASE("API: the page size is capped by the server's limit") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  api::ServerOptions options;
  options.max_page_size = 2;
  TestServer server(backend, options);
  for (int i = 0; i < 3; ++i) {
    kmhub::v1::CreateOrganisationRequest r;
    r.mutable_organisation()->set_display_name("Org " + std::to_string(i));
    r.mutable_organisation()->set_kind(kmhub::v1::ORGANISATION_KIND_OTHER);
    kmhub::v1::Organisation out;
    REQUIRE(server.client().CreateOrganisation(r, &out).ok());
  }
  kmhub::v1::ListOrganisationsRequest list;
  list.set_page_size(1000);
  kmhub::v1::ListOrganisationsResponse response;
  REQUIRE(server.client().ListOrganisations(list, &response).ok());
  CHECK(response.organisations_size() == 2);
  CHECK_FALSE(response.next_page_token().empty());
}

TEST_CASE("API: a string field that is not UTF-8 is INVALID_ARGUMENT naming the field, sync and async methods alike") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto& client = server.client();
  kmhub::v1::CreateOrganisationRequest create;
  create.mutable_organisation()->set_display_name("Mill Road \xff\xfe Surgery");
  create.mutable_organisation()->set_kind(kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  kmhub::v1::Organisation made;
  auto status = client.CreateOrganisation(create, &made);
  INFO(status.error_message());
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(status.error_message() == "Organisation.display_name is not valid UTF-8 text");
  auto details = DetailsOf(status);
  CHECK(details.reason == "INVALID_UTF8");
  CHECK(details.violation_fields == std::vector<std::string>{"Organisation.display_name"});
  CHECK(server.database().CountRows("organisations") == 0);

  // CreateForumPost is served with the async API and parses its own request.
  const auto practice = CreateOrganisation(client, "Mill Road Surgery", kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  const auto author = CreateContact(client, practice, "Ann", "Patel", kmhub::v1::CLINICAL_ROLE_GP);
  kmhub::v1::CreateForumPostRequest post;
  post.set_parent("forumThreads/1");
  post.mutable_post()->mutable_author()->set_contact(author);
  post.mutable_post()->set_body("caf\xc3");
  kmhub::v1::ForumPost out;
  status = client.CreateForumPost(post, &out);
  INFO(status.error_message());
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  details = DetailsOf(status);
  CHECK(details.reason == "INVALID_UTF8");
  CHECK(details.violation_fields == std::vector<std::string>{"ForumPost.body"});

  // The streams served with the async API parse their own requests too.
  auto channel = grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  {
    auto forum = kmhub::v1::ForumService::NewStub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    kmhub::v1::WatchForumRequest watch;
    watch.set_thread("forumThreads/\xc0");
    auto reader = forum->WatchForum(&ctx, watch);
    kmhub::v1::ForumEvent event;
    CHECK_FALSE(reader->Read(&event));
    const auto watched = reader->Finish();
    INFO(watched.error_message());
    CHECK(watched.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(DetailsOf(watched).violation_fields == std::vector<std::string>{"WatchForumRequest.thread"});
  }
  {
    auto health = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("kmhub.v1.\xff");
    auto reader = health->Watch(&ctx, request);
    grpc::health::v1::HealthCheckResponse response;
    CHECK_FALSE(reader->Read(&response));
    const auto watched = reader->Finish();
    CHECK(watched.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(DetailsOf(watched).violation_fields == std::vector<std::string>{"HealthCheckRequest.service"});
  }

  // A well-formed request on the same connection afterwards is served as usual.
  create.mutable_organisation()->set_display_name("Mill Road Annexe");
  CHECK(client.CreateOrganisation(create, &made).ok());
  CHECK(Health(server.address()) == grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_CASE("API: at twice the configured concurrency calls queue for the database, none refused for want of threads") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  api::ServerOptions options;
  options.worker_threads = 8;
  options.auth.rate_per_second = 0;
  TestServer server(backend, options);
  std::atomic<int> ok{0};
  std::mutex mu;
  std::map<std::string, int> failures;
  std::vector<std::thread> writers;
  for (int w = 0; w < 2 * options.worker_threads; ++w)
    writers.emplace_back([&, w] {
      client::ClientOptions once;
      once.max_attempts = 1;  // a refused call is a failure here, not something to retry
      auto client = server.ClientWith(server.admin_token(), once);
      for (int i = 0; i < 40; ++i) {
        kmhub::v1::CreateOrganisationRequest request;
        request.mutable_organisation()->set_display_name("Writer " + std::to_string(w) + " practice " + std::to_string(i));
        request.mutable_organisation()->set_kind(kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
        kmhub::v1::Organisation out;
        const auto status = client->CreateOrganisation(request, &out);
        if (status.ok()) {
          ++ok;
        } else {
          std::lock_guard lock(mu);
          ++failures[std::to_string(status.error_code()) + " " + status.error_message()];
        }
      }
    });
  for (auto& t : writers) t.join();
  for (const auto& [what, count] : failures) {
    INFO(count << " calls failed: " << what);
    CHECK(false);
  }
  CHECK(ok == 2 * options.worker_threads * 40);
  CHECK(api::MaxServerThreads(16) == 80);
}
