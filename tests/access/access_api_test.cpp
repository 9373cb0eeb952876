// Tokens (created once, stored hashed, listed without secrets, revoked at once), the audit
// log (every change, in the change's own transaction), and the per-caller rate limit.

#include <catch2/catch.hpp>
#include <thread>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/access/stored_tokens.h"
#include "server/access/token_secret.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

kmhub::v1::CreateOrganisationRequest NewOrg(const std::string& name) {
  kmhub::v1::CreateOrganisationRequest r;
  r.mutable_organisation()->set_display_name(name);
  r.mutable_organisation()->set_kind(kmhub::v1::ORGANISATION_KIND_THIRD_SECTOR);
  return r;
}

std::vector<kmhub::v1::AuditEvent> Audit(client::KmhubClient& client, const std::string& resource = "") {
  kmhub::v1::ListAuditEventsRequest request;
  request.set_resource(resource);
  request.set_page_size(100);
  kmhub::v1::ListAuditEventsResponse response;
  REQUIRE(client.ListAuditEvents(request, &response).ok());
  return {response.events().begin(), response.events().end()};
}

}  // namespace

TEST_CASE("API: a token's secret is shown once, stored only as a hash, and revoking it works at once") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  kmhub::v1::CreateTokenRequest create;
  create.set_display_name("reporting service");
  create.set_role(kmhub::v1::ROLE_VIEWER);
  create.set_ttl_days(30);
  kmhub::v1::CreateTokenResponse created;
  REQUIRE(server.client().CreateToken(create, &created).ok());
  CHECK(domain::LooksLikeTokenSecret(created.secret()));
  CHECK(created.token().created_by() == "token 1 (test admin)");
  CHECK(created.token().has_expire_time());
  // 30 days from now, give or take the test's own runtime.
  const auto ttl = created.token().expire_time().seconds() - created.token().create_time().seconds();
  CHECK(ttl == 30 * 86400);

  // Only the hash is in the database: the stored column is the secret's BLAKE2b-256, and no
  // column of any token row holds the secret or its random part.
  CHECK(server.database().CountRows("api_tokens") == 2);
  const auto stored = server.database().Texts("SELECT token_hash FROM api_tokens WHERE id = 2");
  REQUIRE(stored.size() == 1);
  CHECK(stored[0] == domain::HashTokenSecret(created.secret()));
  CHECK(stored[0] != created.secret());
  const std::string random_part = created.secret().substr(domain::kTokenPrefix.size());
  for (const auto& row : server.database().Texts(
           "SELECT display_name || '|' || token_hash || '|' || created_by FROM api_tokens")) {
    CHECK(row.find(random_part) == std::string::npos);
  }
  auto viewer = server.ClientWith(created.secret());
  kmhub::v1::Caller me;
  REQUIRE(viewer->GetCaller(&me).ok());
  CHECK(me.display_name() == "token 2 (reporting service)");
  CHECK(me.role() == kmhub::v1::ROLE_VIEWER);
  CHECK(me.token() == created.token().name());

  kmhub::v1::ListTokensResponse listed;
  REQUIRE(server.client().ListTokens({}, &listed).ok());
  REQUIRE(listed.tokens_size() == 2);
  CHECK(listed.tokens(1).DebugString().find(created.secret()) == std::string::npos);
  CHECK(listed.tokens(1).display_name() == "reporting service");

  kmhub::v1::Token revoked;
  REQUIRE(server.client().RevokeToken(created.token().name(), &revoked).ok());
  CHECK(revoked.has_revoke_time());
  const auto refused = viewer->GetCaller(&me);
  CHECK(refused.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(DetailsOf(refused).reason == "INVALID_TOKEN");

  // Revoked tokens leave the default listing but stay on record.
  listed.Clear();
  REQUIRE(server.client().ListTokens({}, &listed).ok());
  CHECK(listed.tokens_size() == 1);
  kmhub::v1::ListTokensRequest everything;
  everything.set_include_inactive(true);
  listed.Clear();
  REQUIRE(server.client().ListTokens(everything, &listed).ok());
  CHECK(listed.tokens_size() == 2);
}

TEST_CASE("API: token requests are validated, and a scoped admin cannot widen a scope") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  kmhub::v1::CreateTokenRequest create;
  create.set_display_name("");
  create.set_role(kmhub::v1::ROLE_UNSPECIFIED);
  kmhub::v1::CreateTokenResponse out;
  auto status = server.client().CreateToken(create, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "UNKNOWN_ROLE");
  create.set_role(kmhub::v1::ROLE_EDITOR);
  create.set_ttl_days(5000);
  status = server.client().CreateToken(create, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).violation_fields == std::vector<std::string>{"display_name", "ttl_days"});

  kmhub::v1::Organisation org;
  REQUIRE(server.client().CreateOrganisation(NewOrg("Riverside Carers Trust"), &org).ok());
  auto scoped_admin = server.ClientWith(server.IssueToken(domain::Role::kAdmin, 1, "carers admin"));
  create.set_display_name("whole hub");
  create.set_ttl_days(0);
  status = scoped_admin->CreateToken(create, &out);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  create.set_organisation(org.name());
  CHECK(scoped_admin->CreateToken(create, &out).ok());
  CHECK(out.token().organisation() == org.name());
}

TEST_CASE("API: every change is in the audit log with who, what, when and the request id") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestServer server(backend);
  auto editor = server.ClientWith(server.IssueToken(domain::Role::kEditor, 0, "A. Patel laptop"));
  auto request = NewOrg("Riverside Carers Trust");
  request.set_request_id("7b1f2a3c-0000-4000-8000-000000000001");
  kmhub::v1::Organisation org;
  REQUIRE(editor->CreateOrganisation(request, &org).ok());
  kmhub::v1::UpdateOrganisationRequest update;
  update.mutable_organisation()->set_name(org.name());
  update.mutable_organisation()->set_display_name("Riverside Carers Centre");
  update.mutable_update_mask()->add_paths("display_name");
  REQUIRE(editor->UpdateOrganisation(update, &org).ok());
  // A change that fails writes no audit row: the row is in the change's transaction.
  auto duplicate = NewOrg("Riverside Carers Centre");
  duplicate.mutable_organisation()->set_ods_code("NRV01");
  REQUIRE(editor->CreateOrganisation(duplicate, &org).ok());
  duplicate.mutable_organisation()->set_display_name("Another");
  CHECK(editor->CreateOrganisation(duplicate, &org).error_code() == grpc::StatusCode::ALREADY_EXISTS);
  kmhub::v1::DeleteOrganisationRequest remove;
  remove.set_name("organisations/1");
  REQUIRE(editor->DeleteOrganisation(remove).ok());

  const auto events = Audit(server.client(), "organisations/1");
  REQUIRE(events.size() == 3);  // newest first
  CHECK(events[2].method() == "CreateOrganisation");
  CHECK(events[2].actor() == "token 2 (A. Patel laptop)");
  CHECK(events[2].request_id() == "7b1f2a3c-0000-4000-8000-000000000001");
  CHECK(events[2].summary() == "created organisation 'Riverside Carers Trust'");
  CHECK(events[1].method() == "UpdateOrganisation");
  CHECK(events[1].summary() == "updated organisation 'Riverside Carers Centre' to revision 2 (fields: display_name)");
  CHECK_FALSE(events[1].request_id().empty());  // the client's x-request-id
  CHECK(events[0].method() == "DeleteOrganisation");
  CHECK(events[0].summary() == "deleted organisation 'Riverside Carers Centre' with 0 contact(s) and 0 relationship(s)");
  // The whole log: the two test tokens (issued by the store directly, as "system"), the three
  // changes above and the creation of organisations/2.
  const auto all = Audit(server.client());
  CHECK(all.size() == 6);
  CHECK(all.back().method() == "");
  CHECK(all.back().actor() == "system");

  // Filters: by actor and method.
  kmhub::v1::ListAuditEventsRequest by_method;
  by_method.set_method("CreateOrganisation");
  kmhub::v1::ListAuditEventsResponse found;
  REQUIRE(server.client().ListAuditEvents(by_method, &found).ok());
  CHECK(found.events_size() == 2);
  // Editors may change records but not read the log; nobody can change it (no such method).
  CHECK(editor->ListAuditEvents(by_method, &found).error_code() == grpc::StatusCode::PERMISSION_DENIED);
}

TEST_CASE("API: a caller over its rate limit gets RESOURCE_EXHAUSTED with a retry delay") {
  api::ServerOptions options;
  options.auth.rate_per_second = 2;
  options.auth.rate_burst = 3;
  TestServer server(Backend::kSqlite, options);
  client::ClientOptions once;
  once.max_attempts = 1;  // see the refusal itself, not the client's retry of it
  auto client = server.ClientWith(server.admin_token(), once);
  kmhub::v1::Caller me;
  // The burst, then one call per half second that passes meanwhile (a loaded machine is slower
  // between calls, so it may be let through more often; never more than that allows).
  const auto first_call = std::chrono::steady_clock::now();
  int let_through = 0;
  grpc::Status limited;
  while ((limited = client->GetCaller(&me)).ok() && let_through < 1000) ++let_through;
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - first_call).count();
  CHECK(let_through >= 3);
  CHECK(let_through <= 3 + static_cast<int>(elapsed_s * 2) + 1);
  REQUIRE(limited.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(DetailsOf(limited).reason == "RATE_LIMITED");
  google::rpc::Status details;
  REQUIRE(details.ParseFromString(limited.error_details()));
  google::rpc::RetryInfo retry;
  bool has_retry = false;
  for (const auto& any : details.details()) has_retry = has_retry || any.UnpackTo(&retry);
  REQUIRE(has_retry);
  const auto delay_ms = retry.retry_delay().seconds() * 1000 + retry.retry_delay().nanos() / 1000000;
  CHECK(delay_ms > 0);
  CHECK(delay_ms <= 500);  // one request's worth at 2 per second
  // Another caller has its own allowance.
  auto other = server.ClientWith(server.IssueToken(domain::Role::kViewer));
  CHECK(other->GetCaller(&me).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms + 50));
  CHECK(client->GetCaller(&me).ok());
  // The client library reads the delay RetryInfo asks for...
  CHECK(client::RetryDelay(limited).count() == delay_ms);
  // ...and waits it out: with the allowance spent again, a retrying client of the same caller
  // gets through, and only after a wait of about what the server asked (at least half of it:
  // time passes between the refusal seen here and the retrying client's own).
  grpc::Status refusal;
  while ((refusal = client->GetCaller(&me)).ok()) {
  }
  const auto refused_at = std::chrono::steady_clock::now();
  const auto asked = client::RetryDelay(refusal);
  REQUIRE(asked.count() > 100);
  auto retrying = server.ClientWith(server.admin_token());
  const auto started = std::chrono::steady_clock::now();
  CHECK(retrying->GetCaller(&me).ok());
  const auto finished = std::chrono::steady_clock::now();
  // The allowance came back `asked` after the refusal; whatever of that was left when the
  // retrying client started, it must have waited out (it cannot have got through sooner).
  const auto still_to_wait = asked - std::chrono::duration_cast<std::chrono::milliseconds>(started - refused_at);
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(finished - started);
  INFO("asked " << asked.count() << " ms, " << still_to_wait.count() << " ms of it left, waited " << waited.count()
                << " ms");
  CHECK(waited.count() >= still_to_wait.count() - 5);  // 5 ms: the delays are rounded to milliseconds
}

TEST_CASE("API: an import over the row limit is refused whole") {
  api::ServerOptions options;
  options.max_import_rows = 2;
  TestServer server(Backend::kSqlite, options);
  kmhub::v1::Organisation org;
  REQUIRE(server.client().CreateOrganisation(NewOrg("Riverside Carers Trust"), &org).ok());
  kmhub::v1::ImportContactsRequest import;
  import.set_parent(org.name());
  for (const char* name : {"Ann Lee", "Bob Ray", "Cy Dunn"})
    import.mutable_vcard_data()->append(std::string("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:") + name + "\r\nEND:VCARD\r\n");
  kmhub::v1::ImportContactsResponse out;
  const auto status = server.client().ImportContacts(import, &out);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsOf(status).reason == "IMPORT_TOO_LARGE");
  CHECK(server.database().CountRows("contacts") == 0);
}

TEST_CASE("API: long work stops past the default deadline of a call that set none") {
  TestDatabase database(Backend::kSqlite, 1);
  api::AuthOptions options;
  options.enabled = false;
  // Half a second: a loaded machine gets from Require to the first check well within it.
  options.default_deadline = std::chrono::milliseconds(500);
  api::Authorizer auth(std::make_unique<api::StoredTokens>(database.db()), options);
  const auto caller = auth.Require(nullptr, domain::Permission::kImport, "ImportContacts");
  REQUIRE(caller);
  CHECK(caller->StillWanted());
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  const auto late = caller->StillWanted();
  REQUIRE_FALSE(late);
  CHECK(late.error().code == ErrorCode::kDeadlineExceeded);
  CHECK(late.error().reason == "SERVER_DEADLINE");
}

TEST_CASE("API: a token revoked through one server stops working on another of the same database within the token cache time") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  api::ServerOptions options;
  options.auth.token_cache_ttl = std::chrono::milliseconds(300);
  TestServer first(backend, options);
  api::ServerOptions elsewhere = options;
  elsewhere.listen_address = "127.0.0.1:0";
  auto second = api::KmhubServer::Start(elsewhere, first.database().db());
  REQUIRE(second);
  const auto secret = first.IssueToken(domain::Role::kViewer, 0, "reporting");
  client::ClientOptions to_second;
  to_second.server = (*second)->address();
  to_second.max_attempts = 1;
  auto on_second = first.ClientWith(secret, to_second);
  auto on_first = first.ClientWith(secret);
  kmhub::v1::Caller me;
  REQUIRE(on_second->GetCaller(&me).ok());  // the second server now has the token cached
  REQUIRE(on_first->GetCaller(&me).ok());

  kmhub::v1::Token revoked;
  REQUIRE(first.client().RevokeToken(me.token(), &revoked).ok());
  // The server that revoked it refuses it at once ...
  CHECK(on_first->GetCaller(&me).error_code() == grpc::StatusCode::UNAUTHENTICATED);
  // ... the other once its cached check, made before the revocation, is older than the cache
  // time; whatever it answers meanwhile, after that it must refuse.
  std::this_thread::sleep_for(options.auth.token_cache_ttl + std::chrono::milliseconds(50));
  const auto refused = on_second->GetCaller(&me);
  CHECK(refused.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(DetailsOf(refused).reason == "INVALID_TOKEN");
  (*second)->Shutdown(std::chrono::milliseconds(100));
}
