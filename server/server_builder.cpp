#include "server/server_builder.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/resource_quota.h>
#include <spdlog/spdlog.h>

#include "server/access/access_api.h"
#include "server/access/stored_tokens.h"
#include "server/activity/activity_api.h"
#include "server/surveys/survey_api.h"
#include "server/forums/forum_api.h"
#include "server/mail/mail_api.h"
#include "server/forums/forum_post_call.h"
#include "server/forums/forum_feed.h"
#include "server/forums/forum_watch.h"
#include "server/platform/rpc/health_api.h"
#include "server/platform/rpc/malformed_requests.h"
#include "server/platform/rpc/async_queue.h"
#include "server/partners/contact_api.h"
#include "server/partners/organisation_api.h"
#include "server/projects/project_api.h"
#include "server/partners/relationship_api.h"
#include "server/platform/rpc/rpc_logging.h"

namespace kmhub::api {

namespace {

std::shared_ptr<grpc::ServerCredentials> ServerCredentials(const ServerOptions& options) {
  if (options.tls_certificate.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl(options.tls_client_ca.empty()
                                            ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_key_cert_pairs.push_back({options.tls_private_key, options.tls_certificate});
  ssl.pem_root_certs = options.tls_client_ca;
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

Expected<std::unique_ptr<KmhubServer>> KmhubServer::Start(const ServerOptions& options,
                                                          std::shared_ptr<store::Database> db) {
  grpc::EnableDefaultHealthCheckService(false);  // HealthApi instead (see health_api.h)
  if (options.reflection) grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<KmhubServer> server(new KmhubServer());
  grpc::ServerBuilder builder;
  // Not listening: the sync server's threads poll the network; these queues' threads only run the
  // async calls (streams; forum posts).
  server->streams_ = std::make_unique<AsyncQueue>(builder.AddCompletionQueue(false), "kmhub-streams");
  server->post_calls_ = std::make_unique<AsyncQueue>(builder.AddCompletionQueue(false), "kmhub-post-rpc");
  server->authorizer_ = std::make_unique<Authorizer>(std::make_unique<StoredTokens>(db), options.auth);
  auto& auth = *server->authorizer_;
  const int page = options.max_page_size, rows = options.max_import_rows;
  server->services_.push_back(std::make_unique<OrganisationApi>(db, auth, page));
  server->services_.push_back(std::make_unique<ContactApi>(db, auth, page, rows));
  server->services_.push_back(std::make_unique<RelationshipApi>(db, auth, page));
  server->services_.push_back(std::make_unique<ProjectApi>(db, auth, page, rows));
  server->services_.push_back(std::make_unique<TokenApi>(db, auth, page));
  server->services_.push_back(std::make_unique<AuditApi>(db, auth, page));
  server->services_.push_back(std::make_unique<ActivityApi>(db, auth, rows));
  server->services_.push_back(std::make_unique<SurveyApi>(db, auth, rows));
  server->services_.push_back(std::make_unique<MailApi>(db, auth, page));
  server->forum_feed_ = std::make_shared<ForumFeed>(static_cast<std::size_t>(options.max_forum_watchers));
  auto forums = std::make_unique<ForumApi>(db, auth, server->forum_feed_, page);
  if (options.forum_poll_ms > 0) forums->PollForOtherServers(std::chrono::milliseconds(options.forum_poll_ms));
  ForumApi& forum_api = *forums;
  server->services_.push_back(std::move(forums));
  auto health = std::make_unique<HealthApi>(
      std::vector<std::string>{
          kmhub::v1::OrganisationService::service_full_name(), kmhub::v1::ContactService::service_full_name(),
          kmhub::v1::RelationshipService::service_full_name(), kmhub::v1::ProjectService::service_full_name(),
          kmhub::v1::TokenService::service_full_name(), kmhub::v1::AuditService::service_full_name(),
          kmhub::v1::ActivityService::service_full_name(), kmhub::v1::SurveyService::service_full_name(),
          kmhub::v1::ForumService::service_full_name(), kmhub::v1::MailService::service_full_name()},
      *server->streams_);
  server->health_ = health.get();
  server->services_.push_back(std::move(health));
  server->forum_watches_ = std::make_unique<ForumWatches>(
      forum_api,
      [&forum_api](grpc::ServerContext* ctx, const kmhub::v1::WatchForumRequest& req) {
        return forum_api.CheckWatch(ctx, req);
      },
      server->forum_feed_, *server->streams_, static_cast<std::size_t>(options.max_watch_backlog));
  server->forum_api_ = &forum_api;
  server->forum_posts_ = std::make_unique<ForumPostCalls>(forum_api, *server->post_calls_);

  int port = 0;
  builder.AddListeningPort(options.listen_address, ServerCredentials(options), &port);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
  for (auto& service : server->services_) builder.RegisterService(service.get());

  // Sync calls run on gRPC's threads; a call that arrives when no thread may be made is refused
  // with RESOURCE_EXHAUSTED "Server Threadpool Exhausted" rather than queued. With one thread of
  // slack above the worker count, 16 writers on 16 threads were refused 1-9 calls a round: each
  // of gRPC's sync queues (one per core) keeps a poller of its own, and a thread that has
  // answered a call holds its place until it is back polling. So the cap is four times the
  // workers and 16 more (80 at the default 16): past the configured concurrency, calls wait for
  // a database connection (--db-lease-timeout-ms) instead of being refused; only past the cap
  // are they refused (README, Limits). Idle threads stay as pollers, at most the worker count
  // (MAX_POLLERS), instead of exiting after each call: making and ending a thread per call cost
  // ~40 % of GetOrganisation's throughput (bench/).
  grpc::ResourceQuota quota("kmhub");
  quota.SetMaxThreads(MaxServerThreads(options.worker_threads));
  builder.SetResourceQuota(quota);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 1);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, options.worker_threads);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);

  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  // First, so that the log line and metrics show the status it sends instead.
  WatchForMalformedStrings();
  interceptors.push_back(MakeMalformedRequestInterceptorFactory());
  interceptors.push_back(MakeRpcLoggingInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  server->server_ = builder.BuildAndStart();
  if (!server->server_ || port == 0)
    return Unavailable("LISTEN_FAILED", "cannot listen on " + options.listen_address +
                                            " (address in use, or not an address of this machine?)");
  auto* watches = server->forum_watches_.get();
  auto* health_api = server->health_;
  auto* posts = server->forum_posts_.get();
  server->post_calls_->Start([posts] { posts->Listen(); });
  server->streams_->Start([watches, health_api] {
    watches->ListenForNext();
    health_api->ListenForNextWatch();
  });
  server->port_ = port;
  server->host_ = options.listen_address.substr(0, options.listen_address.rfind(':'));
  server->SetServing(true);
  server->db_ = db;
  db->SetDamageHandler([health_api, url = db->DisplayUrl()](const std::string& what) {
    // Once, loudly: every later call on the damaged file fails too, and repeating this would bury it.
    spdlog::critical("!!! THE DATABASE {} IS DAMAGED: {}. Health is NOT_SERVING from now on; run `kmhub-server check` "
                     "and restore from a backup (README, Backup and recovery) !!!",
                     url, what);
    health_api->SetServing(false);
  });
  return server;
}

KmhubServer::~KmhubServer() {
  if (!shut_down_) Shutdown(std::chrono::milliseconds(0));
}

std::size_t KmhubServer::forum_watchers() const { return forum_feed_->watchers(); }

std::string KmhubServer::address() const { return host_ + ":" + std::to_string(port_); }

void KmhubServer::SetServing(bool serving) { health_->SetServing(serving); }

void KmhubServer::Shutdown(std::chrono::milliseconds grace) {
  if (shut_down_) return;
  shut_down_ = true;
  // Watch streams never end by themselves: end them first (health watchers hear NOT_SERVING),
  // so that the grace period is for the calls that can finish.
  health_->Close();
  forum_feed_->Close();
  if (server_) {
    server_->Shutdown(std::chrono::system_clock::now() + grace);
    server_->Wait();
  }
  // Posts still queued are written and their calls finished while the queue can take it.
  if (forum_api_) forum_api_->StopPosting();
  // A server's queues may only shut down after the server.
  post_calls_->Shutdown();
  streams_->Shutdown();
  if (db_) db_->SetDamageHandler(nullptr);
}

void KmhubServer::Wait() { server_->Wait(); }

}  // namespace kmhub::api
