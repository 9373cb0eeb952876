// Faults, on the real binary: SIGKILL during large imports and under 16 people posting, SIGTERM
// under 16 writers, and the PostgreSQL server going away under load and coming back.

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "client/kmhub_client.h"
#include "server/platform/db/maintenance.h"
#include "server/platform/db/session.h"
#include "server/partners/organisation_store.h"
#include "tests/support/process.h"
#include "tests/support/test_database.h"
#include "tests/support/test_server.h"

using namespace kmhub;
using namespace kmhub::testing;

namespace {

using Clock = std::chrono::steady_clock;

client::ClientOptions ClientFor(const ServerProcess& server, int attempts = 1, int deadline_ms = 30000) {
  client::ClientOptions options;
  options.server = server.address();
  options.max_attempts = attempts;
  options.deadline = std::chrono::milliseconds(deadline_ms);
  return options;
}

std::string Cards(int count, int batch) {
  std::string text;
  for (int i = 0; i < count; ++i)
    text += "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:batch" + std::to_string(batch) + "-" + std::to_string(i) +
            "\r\nFN:Person " + std::to_string(i) + " of batch " + std::to_string(batch) + "\r\nEMAIL:p" +
            std::to_string(i) + ".b" + std::to_string(batch) + "@example.nhs.uk\r\nEND:VCARD\r\n";
  return text;
}

std::string CreateOrganisation(client::KmhubClient& client, const std::string& name) {
  kmhub::v1::CreateOrganisationRequest request;
  request.mutable_organisation()->set_display_name(name);
  request.mutable_organisation()->set_kind(kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
  kmhub::v1::Organisation out;
  const auto status = client.CreateOrganisation(request, &out);
  REQUIRE(status.ok());
  return out.name();
}

long long ContactsOf(const TestDatabase& database, std::int64_t organisation_id) {
  return database.CountRows("contacts WHERE organisation_id = " + std::to_string(organisation_id));
}

}  // namespace

TEST_CASE("faults: SIGKILL during large imports leaves each import complete or absent, and the database sound") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase database(backend, 1);
  constexpr int kCards = 500;
  constexpr int kKills = 20;
  std::mt19937 rng(std::random_device{}());

  // The first import runs to the end: how long one takes sets the range the kills fall in.
  double import_ms = 0;
  std::map<std::int64_t, int> batches;  // organisation id -> batch imported into it
  {
    ServerProcess server({"--database=" + database.url(), "--insecure-no-auth", "--threads=2"});
    client::KmhubClient client(ClientFor(server));
    const auto org = CreateOrganisation(client, "Batch 0 Surgery");
    kmhub::v1::ImportContactsRequest import;
    import.set_parent(org);
    import.set_vcard_data(Cards(kCards, 0));
    kmhub::v1::ImportContactsResponse out;
    const auto start = Clock::now();
    REQUIRE(client.ImportContacts(import, &out).ok());
    import_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    batches[std::stoll(org.substr(14))] = 0;
    server.Stop(SIGTERM);
  }
  INFO("one import of " << kCards << " cards took " << import_ms << " ms");

  int killed_mid_import = 0;
  for (int kill = 1; kill <= kKills; ++kill) {
    ServerProcess server({"--database=" + database.url(), "--insecure-no-auth", "--threads=2"});
    client::KmhubClient client(ClientFor(server));
    const auto org = CreateOrganisation(client, "Batch " + std::to_string(kill) + " Surgery");
    batches[std::stoll(org.substr(14))] = kill;
    kmhub::v1::ImportContactsRequest import;
    import.set_parent(org);
    import.set_vcard_data(Cards(kCards, kill));
    auto call = std::async(std::launch::async, [&] {
      kmhub::v1::ImportContactsResponse out;
      return client.ImportContacts(import, &out);
    });
    std::uniform_real_distribution<double> when(0, import_ms * 1.2);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(when(rng) * 1000)));
    CHECK(server.Stop(SIGKILL) == 128 + SIGKILL);
    const auto status = call.get();
    if (!status.ok()) ++killed_mid_import;
    // An acknowledged import is whole; an interrupted one is whole or absent.
    const auto rows = ContactsOf(database, std::stoll(org.substr(14)));
    INFO("kill " << kill << ": import status " << status.error_code() << ", " << rows << " contacts");
    if (status.ok()) CHECK(rows == kCards);
    CHECK((rows == 0 || rows == kCards));
  }
  INFO(killed_mid_import << " of " << kKills << " kills interrupted an import");
  CHECK(killed_mid_import > 0);

  // After every kill, a server starts on the database, and the database checks out whole.
  ServerProcess last({"--database=" + database.url(), "--insecure-no-auth", "--threads=2"});
  for (const auto& [organisation, batch] : batches) {
    const auto rows = ContactsOf(database, organisation);
    CHECK((rows == 0 || rows == kCards));
  }
  const auto problems = store::CheckIntegrity(*database.db());
  REQUIRE(problems);
  CHECK(*problems == "");
}

TEST_CASE("faults: SIGTERM while 16 clients write keeps every acknowledged write, the rest may be retried") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase database(backend, 1);
  const std::vector<std::string> args = {"--database=" + database.url(), "--insecure-no-auth", "--rate-limit=0",
                                         "--shutdown-grace=5"};
  auto server = std::make_unique<ServerProcess>(args);
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::vector<kmhub::v1::CreateOrganisationRequest> failed;
  std::map<grpc::StatusCode, int> failures;
  std::map<grpc::StatusCode, std::string> messages;
  std::condition_variable changed;
  int writers_done = 0;  // a writer ends at its first failed call (or when told to stop)
  std::vector<std::thread> writers;
  for (int w = 0; w < 16; ++w) {
    writers.emplace_back([&, w] {
      client::KmhubClient client(ClientFor(*server, 1, 5000));
      for (int i = 0; !stop; ++i) {
        kmhub::v1::CreateOrganisationRequest request;
        request.mutable_organisation()->set_display_name("Writer " + std::to_string(w) + " practice " + std::to_string(i));
        request.mutable_organisation()->set_kind(kmhub::v1::ORGANISATION_KIND_GP_PRACTICE);
        request.set_request_id("00000000-0000-4000-8000-" + std::to_string(100000000000LL + w * 100000 + i));
        kmhub::v1::Organisation out;
        const auto status = client.CreateOrganisation(request, &out);
        std::lock_guard lock(mu);
        changed.notify_all();
        if (status.ok()) {
          acknowledged.insert(request.organisation().display_name());
        } else {
          ++failures[status.error_code()];
          messages[status.error_code()] = status.error_message();
          failed.push_back(request);
          ++writers_done;
          return;  // the server is going: this writer's part is over
        }
      }
      std::lock_guard lock(mu);
      ++writers_done;
      changed.notify_all();
    });
  }
  {
    // Stopped once a good number of writes are acknowledged, however slow the machine.
    std::unique_lock lock(mu);
    REQUIRE(changed.wait_for(lock, std::chrono::seconds(60), [&] { return acknowledged.size() >= 100; }));
  }
  CHECK(server->Stop(SIGTERM) == 0);
  {
    // Every writer meets the stopped server: its call fails (the listener is gone).
    std::unique_lock lock(mu);
    CHECK(changed.wait_for(lock, std::chrono::seconds(60), [&] { return writers_done == 16; }));
  }
  stop = true;
  for (auto& t : writers) t.join();
  CHECK(failed.size() == 16);  // one failed call per writer, none ended by the test's stop flag

  auto stored_names = [&] {
    store::OrganisationStore organisations(database.db());
    store::OrganisationQuery query;
    query.position.page_size = 100000;
    const auto stored = organisations.List(query);
    REQUIRE(stored);
    std::multiset<std::string> names;
    for (const auto& o : stored->items) names.insert(o.display_name);
    return names;
  };
  REQUIRE(acknowledged.size() >= 100);
  auto names = stored_names();
  for (const auto& name : acknowledged) {
    INFO(name);
    CHECK(names.count(name) == 1);
  }
  // Calls that did not get through failed with a status the client retries ...
  REQUIRE_FALSE(failed.empty());
  for (const auto& [code, count] : failures) {
    INFO(count << " calls failed with code " << code << ", e.g. " << messages[code]);
    CHECK(client::IsRetryable(code));
  }
  // ... and retrying them (same request ids) against the restarted server writes each once.
  server = std::make_unique<ServerProcess>(args);
  client::KmhubClient retry(ClientFor(*server, 3, 5000));
  for (const auto& request : failed) {
    kmhub::v1::Organisation out;
    CHECK(retry.CreateOrganisation(request, &out).ok());
  }
  names = stored_names();
  for (const auto& request : failed) {
    INFO(request.organisation().display_name());
    CHECK(names.count(request.organisation().display_name()) == 1);
  }
  CHECK(names.size() == acknowledged.size() + failed.size());
}

TEST_CASE("faults: SIGTERM lets a call in flight finish within the grace period, then the server exits 0") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase database(backend, 1);
  constexpr int kCards = 500;
  ServerProcess server({"--database=" + database.url(), "--insecure-no-auth", "--shutdown-grace=20",
                        "--metrics-listen=127.0.0.1:0", "--sqlite-busy-timeout-ms=60000"});
  client::KmhubClient client(ClientFor(server, 1, 60000));
  const auto org = CreateOrganisation(client, "In Flight Surgery");
  const long long org_id = std::stoll(org.substr(org.rfind('/') + 1));

  // The test holds what the import must write past (SQLite's write lock; on PostgreSQL the
  // organisation's row, which each contact's foreign key check must share), so the import is
  // in flight, and stays so, until the test lets it go: no sleep decides the order.
  auto blocker = std::make_unique<store::PinnedSession>(database.db());
  REQUIRE(blocker->Open());
  auto held = std::make_unique<store::Transaction>(blocker->session(), blocker->db());
  if (backend == Backend::kSqlite) {
    blocker->session() << "UPDATE organisations SET display_name = display_name WHERE id = :id", soci::use(org_id);
  } else {
    long long locked = 0;
    blocker->session() << "SELECT id FROM organisations WHERE id = :id FOR UPDATE", soci::use(org_id), soci::into(locked);
    REQUIRE(locked == org_id);
  }

  kmhub::v1::ImportContactsRequest import;
  import.set_parent(org);
  import.set_vcard_data(Cards(kCards, 1));
  grpc::Status status;
  std::thread call([&] {
    kmhub::v1::ImportContactsResponse response;
    status = client.ImportContacts(import, &response);
  });
  auto wait_for = [](const std::function<bool()>& condition) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!condition() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return condition();
  };
  REQUIRE(wait_for([&] {
    return server.Metrics().find("kmhub_rpc_in_flight{method=\"/kmhub.v1.ContactService/ImportContacts\"} 1") !=
           std::string::npos;
  }));

  // SIGTERM with the import held up; once the server says it is finishing in-flight calls, the
  // import may go on. It is answered OK, all there, and the server then exits 0.
  auto stopped = std::async(std::launch::async, [&] { return server.Stop(SIGTERM); });
  REQUIRE(wait_for([&] { return server.Log().find("received SIGTERM") != std::string::npos; }));
  CHECK(stopped.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);  // still waiting for the call
  held.reset();  // rolled back: the import's turn
  call.join();
  INFO(status.error_message());
  CHECK(status.ok());
  CHECK(stopped.get() == 0);
  blocker.reset();
  CHECK(ContactsOf(database, org_id) == kCards);
}

TEST_CASE("faults: SIGKILL while 16 people post keeps every acknowledged post, searchable, and the database sound") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase database(backend, 1);
  const std::vector<std::string> args = {"--database=" + database.url(), "--insecure-no-auth", "--rate-limit=0"};
  auto server = std::make_unique<ServerProcess>(args);
  std::string author, thread;
  {
    client::KmhubClient client(ClientFor(*server));
    const auto practice = CreateOrganisation(client, "Mill Road Surgery");
    author = CreateContact(client, practice, "Ann", "Patel", kmhub::v1::CLINICAL_ROLE_GP);
    kmhub::v1::CreateForumThreadRequest open;
    open.set_parent("forumCategories/benchmarking");
    open.set_author(author);
    open.set_body("Referral rates by practice, month by month: how do we compare?");
    open.mutable_thread()->set_title("Referral rates between consortia");
    kmhub::v1::ForumThread made;
    const auto opened = client.CreateForumThread(open, &made);
    INFO(opened.error_message());
    REQUIRE(opened.ok());
    thread = made.name();
  }
  // Each post carries a word of its own, so that a search finds it and nothing else.
  auto word = [](int writer, int i) { return "zq" + std::to_string(writer) + "x" + std::to_string(i); };
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::condition_variable posted;
  std::vector<std::thread> writers;
  for (int w = 0; w < 16; ++w) {
    writers.emplace_back([&, w] {
      client::KmhubClient client(ClientFor(*server, 1, 5000));
      for (int i = 0; !stop; ++i) {
        kmhub::v1::CreateForumPostRequest request;
        request.set_parent(thread);
        request.mutable_post()->mutable_author()->set_contact(author);
        request.mutable_post()->set_body("Our rate this month, for comparison: " + word(w, i));
        kmhub::v1::ForumPost out;
        if (!client.CreateForumPost(request, &out).ok()) return;  // the server is gone
        std::lock_guard lock(mu);
        acknowledged.insert(word(w, i));
        posted.notify_all();
      }
    });
  }
  {
    // Killed once a good number of posts are acknowledged (batches under way), however slow the machine.
    std::unique_lock lock(mu);
    REQUIRE(posted.wait_for(lock, std::chrono::seconds(60), [&] { return acknowledged.size() >= 300; }));
  }
  CHECK(server->Stop(SIGKILL) == 128 + SIGKILL);
  stop = true;
  for (auto& t : writers) t.join();
  REQUIRE(acknowledged.size() > 16);

  // Every acknowledged post is there once, and the search index has it (the same commit).
  server = std::make_unique<ServerProcess>(args);
  client::KmhubClient client(ClientFor(*server, 3, 5000));
  const auto posts = database.CountRows("forum_posts");
  CHECK(posts >= static_cast<long long>(acknowledged.size()) + 1);  // and the opening post
  // Every acknowledged post by its marker, each exactly once.
  std::map<std::string, int> stored;
  const std::string lead = "Our rate this month, for comparison: ";
  for (const auto& body : database.Texts("SELECT body FROM forum_posts"))
    if (body.rfind(lead, 0) == 0) ++stored[body.substr(lead.size())];
  std::size_t missing = 0, repeated = 0;
  for (const auto& w : acknowledged) {
    const auto found = stored.find(w);
    if (found == stored.end()) ++missing;
    else if (found->second != 1) ++repeated;
  }
  CHECK(missing == 0);
  CHECK(repeated == 0);
  // The search index has them (written in the same commit): every seventh, each a search call.
  int checked = 0;
  for (const auto& w : acknowledged) {
    if (++checked % 7 != 0) continue;
    kmhub::v1::SearchForumRequest search;
    search.set_query(w);
    kmhub::v1::SearchForumResponse found;
    const auto status = client.SearchForum(search, &found);
    INFO(w << ": " << status.error_message());
    REQUIRE(status.ok());
    CHECK(found.hits_size() == 1);
  }
  const auto problems = store::CheckIntegrity(*database.db());
  REQUIRE(problems);
  CHECK(*problems == "");
}

TEST_CASE("faults: PostgreSQL going away under load gives UNAVAILABLE, and the server recovers by itself") {
  const std::string fixture = KMHUB_PG_FIXTURE;
  const std::string port = KMHUB_PG_PRIVATE_PORT;  // a private server: the shared one serves other tests meanwhile
  REQUIRE(Run(fixture + " start " + port).exit_code == 0);
  struct StopPostgres {
    std::string command;
    ~StopPostgres() { Run(command); }
  } cleanup{fixture + " stop " + port};

  ServerProcess server({"--database=postgresql://kmhub@127.0.0.1:" + port + "/kmhub_test", "--insecure-no-auth",
                        "--threads=4", "--db-lease-timeout-ms=1000"});
  {
    client::KmhubClient client(ClientFor(server));
    CreateOrganisation(client, "Mill Road Surgery");
  }
  std::atomic<int> phase{0};  // 0 up, 1 database down, 2 database back
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::map<int, std::map<grpc::StatusCode, int>> codes;  // by phase
  std::condition_variable answered;
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      client::KmhubClient client(ClientFor(server, 1, 3000));
      while (!stop) {
        kmhub::v1::Organisation out;
        const auto status = client.GetOrganisation("organisations/1", &out);
        {
          std::lock_guard lock(mu);
          ++codes[phase][status.error_code()];
          answered.notify_all();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // paces the readers; decides no order
      }
    });
  }
  // Each phase lasts until what it is for has been seen (bounded), not for a fixed time.
  auto seen = [&](int in_phase, grpc::StatusCode code, int calls) {
    std::unique_lock lock(mu);
    return answered.wait_for(lock, std::chrono::seconds(60), [&] { return codes[in_phase][code] >= calls; });
  };
  REQUIRE(seen(0, grpc::StatusCode::OK, 20));
  REQUIRE(Run(fixture + " pause " + port).exit_code == 0);
  phase = 1;
  CHECK(seen(1, grpc::StatusCode::UNAVAILABLE, 8));  // the pool's leases time out (1 s)
  REQUIRE(Run(fixture + " resume " + port).exit_code == 0);
  phase = 2;
  // Recovery: once the database is back, calls succeed again by themselves (no restart).
  const bool recovered = seen(2, grpc::StatusCode::OK, 20);
  stop = true;
  for (auto& t : readers) t.join();

  CHECK(recovered);
  CHECK(codes[0][grpc::StatusCode::OK] > 0);
  for (const auto& [code, count] : codes[1]) {
    INFO(count << " calls with the database down ended with code " << code);
    CHECK((code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::OK));
  }
  CHECK(codes[1][grpc::StatusCode::UNAVAILABLE] > 0);
  // The server never died: it answers, and its log has no crash.
  client::KmhubClient client(ClientFor(server));
  kmhub::v1::Organisation out;
  CHECK(client.GetOrganisation("organisations/1", &out).ok());
  CHECK(server.Stop(SIGTERM) == 0);
}

namespace {

// An mbox of `count` messages in threads of four, each named for its batch.
std::string Mbox(int count, int batch) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    const std::string id = "<m" + std::to_string(i) + ".b" + std::to_string(batch) + "@county.gov.uk>";
    const std::string parent = i % 4 == 0 ? "" : "<m" + std::to_string(i - 1) + ".b" + std::to_string(batch) + "@county.gov.uk>";
    text += "From council Mon Jan  4 10:00:00 2010\nFrom: Officer <officer@county.gov.uk>\nTo: pct@nhs.uk\n"
            "Subject: LAA target " + std::to_string(i / 4) + "\nDate: Mon, 4 Jan 2010 10:" + std::to_string(10 + i % 40) +
            ":00 +0000\nMessage-ID: " + id + "\n" + (parent.empty() ? "" : "In-Reply-To: " + parent + "\n") +
            "\nThe figures for the quarter, batch " + std::to_string(batch) + ".\n\n";
  }
  return text;
}

long long Count(const TestDatabase& database, const std::string& what) { return database.CountRows(what); }

}  // namespace

TEST_CASE("faults: SIGKILL during mail imports leaves each import whole or absent, threads counted right") {
  const auto backend = GENERATE(KMHUB_BACKENDS);
  INFO(BackendName(backend));
  TestDatabase database(backend, 1);
  constexpr int kMessages = 400;
  constexpr int kKills = 10;
  std::mt19937 rng(std::random_device{}());
  auto import_into = [](client::KmhubClient& client, const std::string& folder, const std::string& mbox) {
    kmhub::v1::CreateMailFolderRequest create;
    create.mutable_folder()->set_display_name(folder);
    kmhub::v1::MailFolder made;
    REQUIRE(client.CreateMailFolder(create, &made).ok());
    return std::async(std::launch::async, [&client, folder, mbox] {
      kmhub::v1::ImportMailChunk header;
      header.set_folder(folder);
      std::istringstream data(mbox);
      kmhub::v1::ImportMailResponse out;
      return client.ImportMail(header, {{"batch.mbox", &data}}, nullptr, &out);
    });
  };

  double import_ms = 0;
  {
    ServerProcess server({"--database=" + database.url(), "--insecure-no-auth", "--threads=2"});
    client::KmhubClient client(ClientFor(server));
    const auto start = Clock::now();
    REQUIRE(import_into(client, "Batch 0", Mbox(kMessages, 0)).get().ok());
    import_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    server.Stop(SIGTERM);
  }
  INFO("one import of " << kMessages << " messages took " << import_ms << " ms");

  int interrupted = 0;
  for (int kill = 1; kill <= kKills; ++kill) {
    ServerProcess server({"--database=" + database.url(), "--insecure-no-auth", "--threads=2"});
    client::KmhubClient client(ClientFor(server));
    auto call = import_into(client, "Batch " + std::to_string(kill), Mbox(kMessages, kill));
    std::uniform_real_distribution<double> when(0, import_ms * 1.2);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(when(rng) * 1000)));
    CHECK(server.Stop(SIGKILL) == 128 + SIGKILL);
    const auto status = call.get();
    if (!status.ok()) ++interrupted;
    const auto folder = "(SELECT id FROM mail_folders WHERE name = 'Batch " + std::to_string(kill) + "')";
    const auto messages = Count(database, "mail_messages WHERE folder_id = " + folder);
    INFO("kill " << kill << ": status " << status.error_code() << ", " << messages << " messages");
    if (status.ok()) CHECK(messages == kMessages);
    CHECK((messages == 0 || messages == kMessages));
  }
  INFO(interrupted << " of " << kKills << " kills interrupted an import");
  CHECK(interrupted > 0);

  // Every thread's count is its messages', and nothing is left half-written.
  ServerProcess last({"--database=" + database.url(), "--insecure-no-auth", "--threads=2"});
  CHECK(Count(database, "mail_threads t WHERE t.message_count <> (SELECT COUNT(*) FROM mail_messages m WHERE "
                        "m.thread_id = t.id)") == 0);
  CHECK(Count(database, "mail_addresses a WHERE NOT EXISTS (SELECT 1 FROM mail_messages m WHERE m.id = a.message_id)") == 0);
  CHECK(Count(database, "mail_messages") % kMessages == 0);
  const auto problems = store::CheckIntegrity(*database.db());
  REQUIRE(problems);
  CHECK(*problems == "");
}
